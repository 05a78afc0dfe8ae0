using SkillScan.Model;
using SkillScan.Pipeline;

namespace SkillScan.Report.Batch;

/// <summary>One skill's line in the verdict table.</summary>
public sealed record SkillRow(string Path, Verdict Verdict, int Errors, int Warnings, int Notes, bool Incomplete, string? TopRule, SkillView View);

/// <summary>How often one rule (or category) fired, over unsuppressed findings.</summary>
public sealed record RuleCount(string Id, string Name, string Category, int Count);

/// <summary>
/// What the batch reports (console table, Markdown, HTML) show: skills sorted by risk (verdict, then errors,
/// warnings, notes, then path), and finding counts per rule and per category.
/// </summary>
public sealed class BatchSummary
{
    public BatchSummary(ReportModel model)
    {
        Model = model;
        Rows = model.Skills.Select(Row).OrderBy(r => r, RiskOrder).ToList();
        var shown = model.Skills.SelectMany(s => s.Findings).Where(f => f.Suppression is null).ToList();
        Rules = shown.GroupBy(f => f.Rule.Id, StringComparer.Ordinal)
            .Select(g => new RuleCount(g.Key, g.First().Rule.Name, g.First().Rule.Category, g.Count()))
            .OrderByDescending(r => r.Count).ThenBy(r => r.Id, StringComparer.Ordinal).ToList();
        Categories = Rules.GroupBy(r => r.Category, StringComparer.Ordinal)
            .Select(g => new RuleCount(g.Key, g.Key, g.Key, g.Sum(r => r.Count)))
            .OrderByDescending(r => r.Count).ThenBy(r => r.Id, StringComparer.Ordinal).ToList();
    }

    public ReportModel Model { get; }

    public IReadOnlyList<SkillRow> Rows { get; }

    public IReadOnlyList<RuleCount> Rules { get; }

    public IReadOnlyList<RuleCount> Categories { get; }

    public static readonly IComparer<SkillRow> RiskOrder = Comparer<SkillRow>.Create((a, b) =>
    {
        var c = b.Verdict.CompareTo(a.Verdict);
        if (c == 0) c = b.Errors.CompareTo(a.Errors);
        if (c == 0) c = b.Warnings.CompareTo(a.Warnings);
        if (c == 0) c = b.Notes.CompareTo(a.Notes);
        return c != 0 ? c : string.CompareOrdinal(a.Path, b.Path);
    });

    private static SkillRow Row(SkillView view)
    {
        var shown = view.Findings.Where(f => f.Suppression is null).ToList();
        int Level(string level) => shown.Count(f => f.Severity.SarifLevel() == level);
        var top = shown.OrderByDescending(f => f.Severity).FirstOrDefault();
        var path = view.Result.Skill.RootRepoPath.Length == 0 ? "." : view.Result.Skill.RootRepoPath;
        return new SkillRow(path, view.Result.Verdict, Level("error"), Level("warning"), Level("note"), view.Result.Incomplete,
            top is null ? null : $"{top.Rule.Id} {top.Rule.Name}", view);
    }

    /// <summary>The verdict table as plain, aligned text (for the end of a batch run on stderr); <paramref name="note"/> ends its summary line.</summary>
    public void WriteTable(TextWriter w, int maxRows = 50, string? note = null)
    {
        var rows = Rows.Take(maxRows).ToList();
        var width = Math.Min(60, Math.Max(5, rows.Select(r => ReportText.Visible(r.Path).Length).DefaultIfEmpty(5).Max()));
        w.WriteLine($"{"VERDICT",-8}{"SKILL".PadRight(width)}  {"ERR",4} {"WARN",4} {"NOTE",4}  TOP FINDING");
        foreach (var r in rows)
        {
            var path = ReportText.Clip(ReportText.Visible(r.Path), width).PadRight(width);
            w.WriteLine($"{r.Verdict.ToId().ToUpperInvariant(),-8}{path}  {r.Errors,4} {r.Warnings,4} {r.Notes,4}  {r.TopRule ?? "-"}{(r.Incomplete ? " (incomplete)" : "")}");
        }
        if (Rows.Count > rows.Count) w.WriteLine($"… and {Rows.Count - rows.Count} more skills (see the Markdown or HTML report).");
        var v = Model.VerdictCounts;
        w.WriteLine($"{Rows.Count} skills: {v[Verdict.Block]} block, {v[Verdict.Review]} review, {v[Verdict.Pass]} pass.{(note is null ? "" : " " + note)}");
    }
}
