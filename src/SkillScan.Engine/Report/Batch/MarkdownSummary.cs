using System.Text;
using SkillScan.Model;
using SkillScan.Pipeline;

namespace SkillScan.Report.Batch;

/// <summary>A Markdown summary of a batch (for a PR comment or a job summary): verdicts, the riskiest skills, rule and category counts.</summary>
public static class MarkdownSummary
{
    public static void Write(TextWriter w, ScanResult result, ReportOptions options, int maxRows = 200)
    {
        var summary = new BatchSummary(new ReportModel(result, options));
        var v = summary.Model.VerdictCounts;
        w.WriteLine("# SkillScan batch summary");
        w.WriteLine();
        w.WriteLine($"{summary.Rows.Count} skills: **{v[Verdict.Block]} block**, {v[Verdict.Review]} review, {v[Verdict.Pass]} pass. " +
                    $"Findings: {summary.Model.Errors} error, {summary.Model.Warnings} warning, {summary.Model.Notes} note ({summary.Model.Suppressed} suppressed). " +
                    $"{ToolInfo.Name} {ToolInfo.Version}.");
        w.WriteLine();
        w.WriteLine("## Skills by risk");
        w.WriteLine();
        w.WriteLine("| Verdict | Skill | Errors | Warnings | Notes | Top finding |");
        w.WriteLine("| --- | --- | ---: | ---: | ---: | --- |");
        foreach (var r in summary.Rows.Take(maxRows))
        {
            w.WriteLine($"| {r.Verdict.ToId()} | `{Cell(r.Path)}` | {r.Errors} | {r.Warnings} | {r.Notes} | {Cell(r.TopRule ?? "")}{(r.Incomplete ? " (incomplete)" : "")} |");
        }
        if (summary.Rows.Count > maxRows) w.WriteLine($"\n…and {summary.Rows.Count - maxRows} more skills (see the JSON Lines or HTML report).");
        WriteCounts(w, "Findings per rule", "Rule", summary.Rules.Select(r => ($"{r.Id} {r.Name}", r.Count)));
        WriteCounts(w, "Findings per category", "Category", summary.Categories.Select(c => (c.Id, c.Count)));
    }

    private static void WriteCounts(TextWriter w, string title, string what, IEnumerable<(string Name, int Count)> counts)
    {
        w.WriteLine();
        w.WriteLine($"## {title}");
        w.WriteLine();
        w.WriteLine($"| {what} | Findings |");
        w.WriteLine("| --- | ---: |");
        foreach (var (name, count) in counts) w.WriteLine($"| {Cell(name)} | {count} |");
    }

    /// <summary>Table-safe text: no pipes, backticks, newlines or hidden characters from a scanned skill.</summary>
    private static string Cell(string text)
    {
        var s = new StringBuilder(ReportText.Visible(text));
        s.Replace("|", "\\|").Replace("`", "'").Replace("\n", " ").Replace("<", "&lt;");
        return s.ToString();
    }
}
