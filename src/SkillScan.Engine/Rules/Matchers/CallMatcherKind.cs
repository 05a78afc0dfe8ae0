using SkillScan.Util;
using YamlDotNet.RepresentationModel;

namespace SkillScan.Rules.Matchers;

/// <summary>
/// `call:` — calls chosen by a <see cref="CallSelector"/> (callee globs, capabilities, argument conditions), in
/// every document of the rule's languages, including commands inside command-line strings. Options: `message`,
/// `escalate`.
/// <code>
/// call:
///   callee: [subprocess.*]
///   where: [{in: shell, equals: [True]}, {in: 0, non-constant: true}]
///   message: "{callee} runs a command line built at run time through a shell"
/// </code>
/// </summary>
public sealed class CallMatcherKind : IMatcherKind
{
    public string Key => "call";

    public IMatcher Create(YamlNode spec, YamlData yaml, RuleDescriptor rule) => CallMatcher.Parse(new SpecReader(yaml, rule, Key), spec, shellOnly: false);
}

/// <summary>
/// `command:` — the same selector over shell commands only: commands of shell documents (scripts, SKILL.md
/// ```bash blocks) and commands inside command-line strings of other languages. Flags and operands are shell
/// words, so `flags: [-r|-R|--recursive]` also finds `-rf`.
/// <code>
/// command:
///   name: [rm]
///   flags: [-r|-R|--recursive]
///   arg: '^(/|~|\$HOME)/?\*?$'
/// </code>
/// </summary>
public sealed class CommandMatcherKind : IMatcherKind
{
    public string Key => "command";

    public IMatcher Create(YamlNode spec, YamlData yaml, RuleDescriptor rule) => CallMatcher.Parse(new SpecReader(yaml, rule, Key), spec, shellOnly: true);
}

public sealed class CallMatcher : PackMatcher
{
    private CallMatcher(CallSelector selector, bool shellOnly, MessageTemplate? message, Escalation? escalation)
    {
        Selector = selector;
        ShellOnly = shellOnly;
        Message = message;
        Escalation = escalation;
        Requirement = shellOnly ? selector.Requirement.AndShellWords() : selector.Requirement;
    }

    /// <summary>What the calls it visits must have: the selector's requirement, and shell words for `command:`.</summary>
    public CallRequirement Requirement { get; }

    public CallSelector Selector { get; }

    public bool ShellOnly { get; }

    public MessageTemplate? Message { get; }

    public Escalation? Escalation { get; }

    public static CallMatcher Parse(SpecReader r, YamlNode spec, bool shellOnly)
    {
        var m = r.Mapping(spec, $"'{r.Kind}'");
        var selector = CallSelector.Parse(r, m, "message", "escalate");
        return new CallMatcher(selector, shellOnly, MessageTemplate.Parse(r, m), Escalation.Parse(r, m));
    }

    public override void Run(MatchRun run)
    {
        var env = run.Environment;
        foreach (var doc in run.Documents)
        {
            foreach (var c in run.Calls.Candidates(doc, Requirement))
            {
                if (ShellOnly && !c.ShellWords) continue;
                if (!Selector.Matches(c, env)) continue;
                var witness = Selector.Witness(c, env);
                var severity = Escalation?.Apply(run.Rule.Severity, c, c.Destination, null, env) ?? run.Rule.Severity;
                var values = Placeholders(c, witness, run);
                var message = Message?.Render(values) ?? DefaultMessage(c, witness, run);
                var evidence = new Dictionary<string, string> { ["callee"] = c.Call.Callee };
                if (witness is not null) evidence["value"] = Values.Show(witness.Best, 200);
                if (witness?.DecodedBy is { } by && witness.Constant is { } decoded)
                {
                    evidence["decoded"] = Values.Show(decoded, 400);
                    evidence["decoder"] = by;
                }
                if (c.Destination.IsKnown) evidence["destination"] = c.Destination.Url ?? c.Destination.Host!;
                run.Report(c.Call.Document, c.Call.Span, message, severity, evidence: evidence);
            }
        }
    }

    private static Dictionary<string, string> Placeholders(IndexedCall c, Semantics.ValueFact? witness, MatchRun run) => new()
    {
        ["callee"] = c.IsSynthetic ? $"{c.Name} (run by {c.HostCall!.Callee})" : c.Call.Callee,
        ["name"] = c.Name,
        ["value"] = witness is null ? "" : Values.Show(witness.Best),
        ["destination"] = c.Destination.Describe(run.Environment.Indicators),
        ["decoded"] = witness?.Constant is { } d && witness.DecodedBy is not null ? Values.Show(d, 200) : "",
        ["match"] = CallSelector.ShowCall(c),
        ["file"] = c.Call.Document.File.RepoPath,
    };

    private static string DefaultMessage(IndexedCall c, Semantics.ValueFact? witness, MatchRun run)
    {
        var text = $"{run.Rule.Summary.TrimEnd('.')}: {CallSelector.ShowCall(c)}";
        if (witness?.DecodedBy is not null && witness.Constant is { } decoded) text += $" (decoded: {Values.Show(decoded, 160)})";
        return text + ".";
    }
}
