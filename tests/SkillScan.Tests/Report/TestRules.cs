using System.Text.RegularExpressions;
using SkillScan.Findings;
using SkillScan.Model;
using SkillScan.Rules;
using SkillScan.Semantics;

namespace SkillScan.Tests.Report;

/// <summary>
/// Small regex rules (ids SS9xxx) that give the report tests findings of every shape — plain, with a data
/// flow and related location, with a fix — independent of the real rule packs. The meta pack (SS0001/SS0002)
/// runs beside them.
/// </summary>
internal static class TestRules
{
    public static IReadOnlyList<IRule> All { get; } =
    [
        new TestRule(Descriptor("SS9001", "TestDownloadPipe", Severity.Critical, "A download is piped into a shell."), DownloadPipe),
        new TestRule(Descriptor("SS9002", "TestSecretToWebhook", Severity.High, "A secret environment variable flows to a webhook."), SecretToWebhook),
        new TestRule(Descriptor("SS9003", "TestFloatingPipInstall", Severity.Low, "A pip install without a version."), FloatingPipInstall),
    ];

    /// <summary>The test rules plus the built-in meta pack.</summary>
    public static IReadOnlyList<IRule> WithMeta { get; } =
        [.. RuleSet.BuiltinPacks().Where(p => p.Name == "meta").SelectMany(p => p.Rules), .. All];

    public static RuleDescriptor Descriptor(string id, string name, Severity severity, string summary) => new()
    {
        Id = id,
        Name = name,
        Pack = "test",
        Category = "test",
        Severity = severity,
        Precision = Precision.High,
        Summary = summary,
        Help = $"## What it does\n{summary}\n\n## Why is this bad?\nTest rule.",
        Tags = ["security", "test", "CWE-78"],
    };

    private static IEnumerable<Finding> DownloadPipe(RuleDescriptor rule, SourceDocument doc) =>
        Regex.Matches(doc.Text, @"curl[^|\n]*?(?<url>https?://\S+)[^|\n]*\|\s*(?:ba)?sh\b").Select(m => new Finding
        {
            Rule = rule,
            Severity = rule.Severity,
            Document = doc,
            Span = new TextSpan(m.Index, m.Index + m.Length),
            Message = $"Content downloaded from {m.Groups["url"].Value} is run by a shell. It can change at any time",
            Evidence = new Dictionary<string, string> { ["destination"] = m.Groups["url"].Value },
        });

    private static IEnumerable<Finding> SecretToWebhook(RuleDescriptor rule, SourceDocument doc)
    {
        var source = Regex.Match(doc.Text, @"os\.environ\[[^\]]+\]");
        if (!source.Success) return [];
        var sink = Regex.Match(doc.Text, @"requests\.post\([^)]*\)", RegexOptions.None, TimeSpan.FromSeconds(1));
        if (!sink.Success || sink.Index < source.Index) return [];
        var sourceSpan = new TextSpan(source.Index, source.Index + source.Length);
        var sinkSpan = new TextSpan(sink.Index, sink.Index + sink.Length);
        return
        [
            new Finding
            {
                Rule = rule,
                Severity = rule.Severity,
                Document = doc,
                Span = sinkSpan,
                Message = "The secret environment variable read on an earlier line is posted to a webhook",
                Flow = [new FlowStep(doc, sourceSpan, "secret read from the environment"), new FlowStep(doc, sinkSpan, "sent over HTTP")],
                Related = [new RelatedLocation(doc.Locate(sourceSpan), "where the secret is read")],
            },
        ];
    }

    private static IEnumerable<Finding> FloatingPipInstall(RuleDescriptor rule, SourceDocument doc) =>
        Regex.Matches(doc.Text, @"(?m)pip install (?<pkg>[a-z]+)$").Select(m => new Finding
        {
            Rule = rule,
            Severity = rule.Severity,
            Document = doc,
            Span = new TextSpan(m.Groups["pkg"].Index, m.Groups["pkg"].Index + m.Groups["pkg"].Length),
            Message = $"pip installs {m.Groups["pkg"].Value} without a version.",
            FixReplacement = m.Groups["pkg"].Value + "==2.32.3",
            FixDescription = "Pin the version",
        });

    /// <summary>A rule that runs a matcher over every text file of the skill.</summary>
    private sealed class TestRule(RuleDescriptor descriptor, Func<RuleDescriptor, SourceDocument, IEnumerable<Finding>> match) : IRule
    {
        public RuleDescriptor Descriptor { get; } = descriptor;

        public void Analyze(RuleContext context)
        {
            foreach (var file in context.Skill.Files.Where(f => f.Language != Language.Binary))
            {
                foreach (var finding in match(Descriptor, SourceDocument.ForFile(file))) context.Report(finding);
            }
        }
    }
}
