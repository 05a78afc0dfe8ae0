using SkillScan.Model;
using SkillScan.Semantics;
using SkillScan.Util;
using YamlDotNet.RepresentationModel;

namespace SkillScan.Rules.Matchers;

/// <summary>
/// `source:` — where data of some kind is read, whether or not it reaches a sink (each source reported once, at
/// its own place). Sources are seen through the values flowing into calls.
/// <code>
/// source:
///   kinds: [env.read]
///   detail: "@secret-env"
///   message: "Reads the secret environment variable {detail}"
/// </code>
/// `escalate` works as for calls, judged on the call the source flows into.
/// </summary>
public sealed class SourceMatcherKind : IMatcherKind
{
    public string Key => "source";

    public IMatcher Create(YamlNode spec, YamlData yaml, RuleDescriptor rule)
    {
        var r = new SpecReader(yaml, rule, Key);
        var m = r.Mapping(spec, "'source'");
        r.AllowOnly(m, "kinds", "detail", "not-detail", "message", "escalate");
        var kinds = r.TaintKinds(m, "kinds");
        if (kinds.Count == 0) throw r.Error(m, "'kinds' needs at least one source kind");
        return new SourceMatcher(kinds, r.Pattern(m, "detail"), r.Pattern(m, "not-detail"), MessageTemplate.Parse(r, m), Escalation.Parse(r, m));
    }
}

public sealed class SourceMatcher(IReadOnlyList<string> kinds, TextPattern? detail, TextPattern? notDetail, MessageTemplate? message, Escalation? escalation) : PackMatcher
{
    public Escalation? Escalation => escalation;

    public override void Run(MatchRun run)
    {
        var seen = new HashSet<(SourceDocument, TextSpan)>();
        foreach (var c in run.Calls.Calls)
        {
            // The call's values, not its Inputs: their roles (a text search per argument) are not needed here.
            foreach (var value in c.Call.Values)
            {
                // By index: a foreach over the interface boxed an enumerator for every tainted input of every call.
                var taint = value.Taint;
                for (var i = 0; i < taint.Count; i++)
                {
                    var source = taint[i];
                    if (!kinds.Contains(source.Kind) || !run.Rule.AppliesTo(source.Document.Language)) continue;
                    if (detail is not null && !detail.IsMatch(source.Detail)) continue;
                    if (notDetail is not null && notDetail.IsMatch(source.Detail)) continue;
                    if (!seen.Add((source.Document, source.Span))) continue;
                    var text = Wording.Source(source);
                    var values = new Dictionary<string, string>
                    {
                        ["source"] = text,
                        ["detail"] = Values.Show(source.Detail),
                        ["callee"] = c.Call.Callee,
                        ["name"] = c.Name,
                        ["sink"] = c.Call.Callee,
                        ["value"] = Values.Show(value.Best),
                        ["destination"] = "",
                        ["decoded"] = "",
                        ["match"] = Values.Show(source.Document.SliceSpan(source.Span)),
                        ["file"] = source.Document.File.RepoPath,
                    };
                    var msg = message?.Render(values) ?? $"{run.Rule.Summary.TrimEnd('.')}: {text}.";
                    // Escalation sees the call the source was found flowing into (and its document).
                    var severity = escalation?.Apply(run.Rule.Severity, c, c.Destination, source, run.Environment) ?? run.Rule.Severity;
                    run.Report(source.Document, source.Span, msg, severity,
                        evidence: new Dictionary<string, string> { ["source"] = source.Kind, ["source-detail"] = Values.Show(source.Detail, 200) });
                }
            }
        }
    }
}
