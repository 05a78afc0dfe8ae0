using System.Text.Json;
using SkillScan.Findings;
using SkillScan.Model;
using SkillScan.Report;

namespace SkillScan.Gate;

/// <summary>
/// The gate's reports. Text: the verdict, the archive hash, the top findings with a code frame and what each
/// means, what the archive intake refused, and how to proceed. JSON ("skillscan-gate/1"): the verdict and exit code
/// for scripts, with the full "skillscan-report/1" report inside.
/// </summary>
public static class GateReport
{
    public const string Schema = "skillscan-gate/1";

    private const int MaxNotices = 10;

    public static void WriteText(TextWriter w, GateOutcome gate, int top = 5)
    {
        var model = new ReportModel(gate.Scan.Result, Options(gate));
        var target = string.Join(", ", model.Skills.Select(s => s.Result.Skill.RootRepoPath.Length == 0 ? "." : s.Result.Skill.RootRepoPath));
        w.WriteLine($"{gate.Verdict.ToId().ToUpperInvariant()}  {ReportText.Visible(target)}");
        if (gate.ArchiveSha256 is { } sha) w.WriteLine($"  sha256 {sha}");
        var files = model.Skills.Sum(s => s.Result.Skill.Files.Count);
        w.WriteLine($"  {Count(model.Errors, "error")}, {Count(model.Warnings, "warning")}, {Count(model.Notes, "note")} in {Count(files, "file")}" +
                    (model.Incomplete ? $"; incomplete: {model.IncompleteText()}" : ""));

        var findings = model.Skills.SelectMany(s => s.Findings)
            .Where(f => f.Suppression is null && f.Severity >= Severity.Medium)
            .OrderByDescending(f => f.Severity).ThenBy(f => f, FindingOrder.Comparer)
            .ToList();
        if (findings.Count > 0)
        {
            w.WriteLine();
            w.WriteLine(findings.Count > top ? $"Top {top} of {findings.Count} findings:" : "Findings:");
            var n = 0;
            foreach (var f in findings.Take(top)) WriteFinding(w, f, ++n);
        }

        var notices = model.Notifications.Where(x => x.Level != NotificationLevel.Note).ToList();
        if (notices.Count > 0)
        {
            w.WriteLine();
            w.WriteLine("Not analysed or refused:");
            foreach (var x in notices.Take(MaxNotices)) w.WriteLine($"  {x.Level.ToString().ToLowerInvariant()} {x.Id}: {ReportText.Visible(x.Message)}");
            if (notices.Count > MaxNotices) w.WriteLine($"  … and {notices.Count - MaxNotices} more (--format json lists them all).");
        }

        w.WriteLine();
        foreach (var line in HowToProceed(gate)) w.WriteLine(line);
    }

    private static void WriteFinding(TextWriter w, Finding f, int n)
    {
        var loc = f.Location;
        w.WriteLine($"{n,2}. {f.Severity.ToId()} {f.Rule.Id} {f.Rule.Name}  {ReportText.Visible(loc.RepoPath)}:{loc.Region.StartLine}:{loc.Region.StartColumn}");
        w.WriteLine($"    {ReportText.Visible(ReportText.Sentence(f.Message))}");
        if (TextReport.Frame(f.Document.File, loc.Region) is var (lineText, carets))
        {
            var number = loc.Region.StartLine.ToString();
            w.WriteLine($"    {number} | {lineText}");
            w.WriteLine($"    {new string(' ', number.Length)} | {carets}");
        }
        if (f.Document.Origin != DocumentOrigin.File && f.Document.Description is { } description)
        {
            w.WriteLine($"    found in {ReportText.Visible(description)}");
        }
        w.WriteLine($"    What it means: {ReportText.Visible(f.Rule.Summary)} (details: skillscan rules show {f.Rule.Id})");
    }

    /// <summary>What the person at the terminal should do next, for the verdict reached.</summary>
    public static IEnumerable<string> HowToProceed(GateOutcome gate)
    {
        switch (gate.Verdict)
        {
            case Verdict.Block:
                yield return "How to proceed: do not install. The findings above are what malicious skills do (or the archive is crafted).";
                yield return "  Read the code at each line shown. If you are sure it is a false positive, install with the explicit";
                yield return "  override (SKILLSCAN_OVERRIDE=1, see docs/gate.md) and report the rule's mistake.";
                break;
            case Verdict.Review:
                var findings = gate.Scan.Result.Skills.Any(s => s.Findings.Any(f => f.Suppression is null && f.Severity >= Severity.Medium));
                if (findings) yield return "How to proceed: read the findings above before installing; each names the file and line to check.";
                if (gate.Scan.Result.Incomplete)
                {
                    yield return findings
                        ? "  Part of the skill was not analysed (listed above): read those files too."
                        : "How to proceed: part of the skill was not analysed (listed above); read those files before installing.";
                }
                yield return gate.Failed
                    ? "  This gate fails on review (--fail-on review): install with SKILLSCAN_OVERRIDE=1 once you accept them."
                    : "  The gate lets review through (exit 0); run with --fail-on review to stop on it.";
                break;
            default:
                yield return "How to proceed: nothing at review level was found; install as usual.";
                break;
        }
    }

    public static void WriteJson(Stream stream, GateOutcome gate)
    {
        var report = JsonReport.ToBytes(gate.Scan.Result, Options(gate));
        using var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = SafeJsonEncoder.Instance });
        w.WriteStartObject();
        w.WriteString("schema", Schema);
        w.WriteString("verdict", gate.Verdict.ToId());
        w.WriteString("failOn", gate.FailOn.ToId());
        w.WriteNumber("exitCode", gate.ExitCode);
        if (gate.ArchiveSha256 is { } sha) w.WriteString("sha256", sha);
        w.WriteStartArray("refused");
        foreach (var n in gate.Scan.Result.Skills.SelectMany(s => s.Notifications).Where(n => n.Id.StartsWith("archive-", StringComparison.Ordinal)).Distinct())
        {
            w.WriteStartObject();
            w.WriteString("id", n.Id);
            w.WriteString("level", n.Level.ToString().ToLowerInvariant());
            w.WriteString("message", n.Message);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WritePropertyName("report");
        using (var doc = JsonDocument.Parse(report)) doc.RootElement.WriteTo(w);
        w.WriteEndObject();
        w.Flush();
        stream.WriteByte((byte)'\n');
    }

    private static ReportOptions Options(GateOutcome gate) => new()
    {
        RootDirectory = gate.ReportRoot,
        Policy = gate.Policy,
        Outcome = gate.Scan.Outcome,
    };

    private static string Count(int n, string word) => n == 1 ? $"1 {word}" : $"{n} {word}s";
}
