using System.Text;
using SkillScan.Findings;
using SkillScan.Model;
using SkillScan.Semantics;
using YamlDotNet.RepresentationModel;

namespace SkillScan.Rules.Matchers;

/// <summary>
/// Base of the matchers in this folder and of the built-in detectors: one <see cref="MatchRun"/> per rule and
/// skill, so that alternatives under `any` share de-duplication (one finding per rule and line, at the highest
/// severity found there).
/// </summary>
public abstract class PackMatcher : IMatcher
{
    public void Analyze(RuleDescriptor rule, RuleContext context) => Run(new MatchRun(rule, context));

    public abstract void Run(MatchRun run);
}

/// <summary>A rule running over one skill: what it may look at, and where it reports.</summary>
public sealed class MatchRun
{
    private readonly Dictionary<(string Path, int Line), Finding> _byLine = new();

    public MatchRun(RuleDescriptor rule, RuleContext context)
    {
        Rule = rule;
        Context = context;
        Environment = new MatchEnvironment(context);
    }

    public RuleDescriptor Rule { get; }

    public RuleContext Context { get; }

    public MatchEnvironment Environment { get; }

    public CallIndex Calls => CallIndex.For(Context);

    /// <summary>The documents in the rule's languages.</summary>
    public IEnumerable<DocumentAnalysis> Documents
    {
        get
        {
            foreach (var d in Context.Analysis.Documents)
            {
                if (Rule.AppliesTo(d.Document.Language)) yield return d;
            }
        }
    }

    /// <summary>Reports a finding unless this rule already reported on that line (then keeps the higher severity).</summary>
    public void Report(SourceDocument document, TextSpan span, string message, Severity? severity = null,
        IReadOnlyList<FlowStep>? flow = null, IReadOnlyDictionary<string, string>? evidence = null,
        IReadOnlyList<RelatedLocation>? related = null)
    {
        var location = document.Locate(span);
        var key = (location.RepoPath, location.Region.StartLine);
        var effective = severity ?? Rule.Severity;
        if (_byLine.TryGetValue(key, out var existing))
        {
            if (effective > existing.Severity) existing.Severity = effective;
            return;
        }
        var finding = new Finding
        {
            Rule = Rule,
            Severity = effective,
            Message = message,
            Document = document,
            Span = span,
            Flow = flow,
            Evidence = evidence ?? new Dictionary<string, string>(),
            Related = related ?? Array.Empty<RelatedLocation>(),
        };
        if (Context.Report(finding)) _byLine[key] = finding;
    }
}

/// <summary>
/// A finding message with placeholders: {callee}, {name} (command name), {value} (the input a condition picked),
/// {source}, {sink}, {destination}, {decoded}, {match}, {detail}, {file}. Unknown placeholders are load errors.
/// </summary>
public sealed class MessageTemplate
{
    public static readonly string[] Placeholders = ["callee", "name", "value", "source", "sink", "destination", "decoded", "match", "detail", "file"];

    private readonly string _template;

    private MessageTemplate(string template)
    {
        _template = template;
    }

    public static MessageTemplate? Parse(SpecReader r, YamlMappingNode spec)
    {
        var text = r.String(spec, "message");
        if (text is null) return null;
        var i = 0;
        while ((i = text.IndexOf('{', i)) >= 0)
        {
            var end = text.IndexOf('}', i);
            if (end < 0) throw r.Error(r.Get(spec, "message")!, "unclosed '{' in message");
            var name = text[(i + 1)..end];
            if (!Placeholders.Contains(name)) throw r.Error(r.Get(spec, "message")!, $"unknown placeholder '{{{name}}}'; known: {string.Join(", ", Placeholders.Select(p => "{" + p + "}"))}");
            i = end + 1;
        }
        return new MessageTemplate(text);
    }

    public string Render(IReadOnlyDictionary<string, string> values)
    {
        var sb = new StringBuilder(_template.Length + 64);
        var i = 0;
        while (i < _template.Length)
        {
            var open = _template.IndexOf('{', i);
            if (open < 0)
            {
                sb.Append(_template, i, _template.Length - i);
                break;
            }
            sb.Append(_template, i, open - i);
            var close = _template.IndexOf('}', open);
            var name = _template[(open + 1)..close];
            sb.Append(values.TryGetValue(name, out var v) ? v : "?");
            i = close + 1;
        }
        return sb.ToString();
    }
}

/// <summary>Human wording for sources and sinks in messages.</summary>
public static class Wording
{
    public static string Source(TaintSource s)
    {
        var detail = Values.Show(s.Detail, 80);
        return s.Kind switch
        {
            "env.read" => detail.Length > 0 ? $"the environment variable {detail}" : "an environment variable",
            "env.dump" => "the whole environment",
            "secret.read" => detail.Length > 0 ? $"the credential file {detail}" : "a credential file",
            "agent.read" => detail.Length > 0 ? $"the agent file {detail}" : "the agent's own files",
            "browser.read" => detail.Length > 0 ? $"browser or wallet data ({detail})" : "browser or wallet data",
            "file.read" => detail.Length > 0 ? $"the contents of {detail}" : "file contents",
            "host.info" => detail.Length > 0 ? $"host information ({detail})" : "host information",
            "clipboard.read" => "the clipboard",
            "net.fetch" => detail.Length > 0 ? $"content downloaded from {detail}" : "downloaded content",
            "user.input" => "user input",
            "crypto.decode" => "decoded data",
            _ => Capabilities.SourceKinds.TryGetValue(s.Kind, out var d) ? d : s.Kind,
        };
    }

    public static string Sink(CallFact call, IEnumerable<string> capabilities)
    {
        var cap = capabilities.FirstOrDefault(call.Has);
        var what = cap is not null && Capabilities.Known.TryGetValue(cap, out var d) ? d : null;
        return what is null ? call.Callee : $"{call.Callee} ({what})";
    }

    public static string Role(string role) => role switch
    {
        "url" => "in the URL",
        "query" => "in the query string",
        "header" => "in a header",
        "body" => "in the request body",
        "stdin" => "on standard input",
        "receiver" => "as the object used",
        "code" => "as the code it runs",
        _ => "as an argument",
    };

    public static string Sentence(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..];
}
