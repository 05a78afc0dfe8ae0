using System.Text;
using SkillScan.Findings;
using SkillScan.Model;
using SkillScan.Pipeline;
using SkillScan.Policy;

namespace SkillScan.Report;

/// <summary>
/// The human report: skill by skill with its verdict, each finding as <c>path:line:col: level ID Name: message</c>
/// with a code frame, then a summary line. Everything taken from the scanned files is shown with hidden
/// characters made visible, so a skill cannot write escape sequences or bidi tricks to the terminal.
/// </summary>
public static class TextReport
{
    private const int FrameWidth = 120;
    private const int EvidenceWidth = 240;

    public static string ToText(ScanResult result, ReportOptions options)
    {
        using var writer = new StringWriter { NewLine = "\n" };
        Write(writer, result, options);
        return writer.ToString();
    }

    public static void Write(TextWriter writer, ScanResult result, ReportOptions options)
    {
        var model = new ReportModel(result, options);
        var paint = new Paint(options.Color);
        foreach (var n in result.Notifications) WriteNotification(writer, paint, n, "");
        var endsWithGap = true;
        foreach (var view in model.Skills) endsWithGap = WriteSkill(writer, paint, view);
        if (!endsWithGap) writer.WriteLine();
        if (model.Absent.Count > 0)
        {
            writer.WriteLine(paint.Bold($"Gone since the baseline ({model.Absent.Count}):"));
            foreach (var a in model.Absent)
            {
                var line = a.Region is { } r ? $":{r.StartLine}" : "";
                writer.WriteLine($"  {ReportText.Visible(a.Uri)}{line}: {a.Level} {a.RuleId}: {ReportText.Visible(a.Message)}");
            }
            writer.WriteLine();
        }
        WriteSummary(writer, paint, model);
    }

    /// <summary>Writes one skill; true when it ended with a blank line.</summary>
    private static bool WriteSkill(TextWriter writer, Paint paint, SkillView view)
    {
        var skill = view.Result;
        var shown = view.Findings.Where(f => f.Suppression is null).ToList();
        var counts = CountText(shown.Count(f => f.Severity.SarifLevel() == "error"), shown.Count(f => f.Severity.SarifLevel() == "warning"),
            shown.Count(f => f.Severity.SarifLevel() == "note"));
        var path = skill.Skill.RootRepoPath.Length == 0 ? "." : skill.Skill.RootRepoPath;
        writer.WriteLine($"{paint.Verdict(skill.Verdict)}  {paint.Bold(ReportText.Visible(path))}  ({counts}{(skill.Incomplete ? "; incomplete" : "")})");
        var notifications = skill.Notifications.Distinct().ToList();
        foreach (var f in view.Findings) WriteFinding(writer, paint, f);
        foreach (var n in notifications) WriteNotification(writer, paint, n, "  ");
        // A skill with nothing to show stays one line, so a batch of clean skills reads as a list.
        if (view.Findings.Count == 0 && notifications.Count == 0) return false;
        writer.WriteLine();
        return true;
    }

    private static void WriteFinding(TextWriter writer, Paint paint, Finding f)
    {
        var loc = f.Location;
        var level = f.Severity.SarifLevel();
        var head = $"{ReportText.Visible(loc.RepoPath)}:{loc.Region.StartLine}:{loc.Region.StartColumn}: {paint.Level(level)} {paint.Bold(f.Rule.Id)} {f.Rule.Name}: {ReportText.Visible(ReportText.Sentence(f.Message))}";
        if (f.Suppression is { } s)
        {
            var why = s.Justification.Length > 0 ? ReportText.Visible(s.Justification) : "no reason given";
            writer.WriteLine(paint.Dim($"{head} [suppressed: {why}]"));
            return;
        }
        writer.WriteLine(f.BaselineState is { } state ? $"{head} [{state}]" : head);
        if (Frame(f.Document.File, loc.Region) is var (lineText, carets))
        {
            var number = loc.Region.StartLine.ToString();
            var gutter = new string(' ', number.Length);
            writer.WriteLine($"  {paint.Dim(number + " |")} {lineText}");
            writer.WriteLine($"  {paint.Dim(gutter + " |")} {paint.Level(level, carets)}");
        }
        if (f.Document.Origin != DocumentOrigin.File && f.Document.Description is { } description)
        {
            writer.WriteLine($"    = in {ReportText.Visible(description)}");
        }
        foreach (var (key, value) in f.Evidence.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            writer.WriteLine($"    = {ReportText.Visible(key)}: {ReportText.Visible(ReportText.Clip(value, EvidenceWidth))}");
        }
        foreach (var step in f.Flow ?? [])
        {
            var at = step.Location;
            writer.WriteLine($"    = flow: {ReportText.Visible(at.RepoPath)}:{at.Region.StartLine}:{at.Region.StartColumn}: {ReportText.Visible(step.Message)}");
        }
        if (f.FixReplacement is { } fix)
        {
            var what = ReportText.Visible(f.FixDescription ?? "Replace");
            writer.WriteLine($"    = fix: {what}: replace with {ReportText.Visible(ReportText.Clip(fix, EvidenceWidth))}");
        }
    }

    /// <summary>The finding's first line, clipped around the finding, and a caret line under its columns.</summary>
    internal static (string Line, string Carets)? Frame(SkillFile file, SourceRegion region)
    {
        if (file.Language == Language.Binary) return null;
        var text = file.Text;
        var lines = ReportModel.LineMapOf(file);
        if (region.StartLine < 1 || region.StartLine > lines.LineCount) return null;
        var start = lines.LineStart(region.StartLine);
        var end = lines.LineEnd(region.StartLine, text);
        var from = Math.Clamp(start + region.StartColumn - 1, start, end);
        var to = region.EndLine == region.StartLine ? Math.Clamp(start + region.EndColumn - 1, from, end) : end;
        if (to == from && from < end) to = from + 1;

        var windowStart = start;
        var windowEnd = end;
        if (end - start > FrameWidth)
        {
            windowStart = Math.Max(start, from - FrameWidth / 3);
            windowEnd = Math.Min(end, windowStart + FrameWidth);
        }
        var line = new StringBuilder();
        var carets = new StringBuilder();
        if (windowStart > start)
        {
            line.Append('…');
            carets.Append(' ');
        }
        for (var i = windowStart; i < windowEnd; i++)
        {
            var scalar = ReportText.ScalarAt(text, i, out var width);
            var piece = ReportText.IsHidden(scalar) ? ReportText.Describe(scalar) : text.Substring(i, width);
            line.Append(piece);
            var marked = i >= from && i < to;
            if (piece == "\t") carets.Append(marked ? '^' : '\t');
            else carets.Append(marked ? '^' : ' ', piece.Length == 2 && width == 2 ? 1 : piece.Length);
            i += width - 1;
        }
        if (windowEnd < end) line.Append('…');
        if (from == end) carets.Append('^');
        return (line.ToString(), carets.ToString().TrimEnd());
    }

    private static void WriteNotification(TextWriter writer, Paint paint, ScanNotification n, string indent)
    {
        var level = n.Level.ToString().ToLowerInvariant();
        var where = string.IsNullOrEmpty(n.RepoPath) ? "" : ReportText.Visible(n.RepoPath) + (n.Line is { } l ? $":{l}" : "") + ": ";
        var text = $"{indent}{where}{level} {n.Id}: {ReportText.Visible(n.Message)}";
        writer.WriteLine(n.Level == NotificationLevel.Note ? paint.Dim(text) : paint.Level(n.Level == NotificationLevel.Error ? "error" : "warning", text));
    }

    private static void WriteSummary(TextWriter writer, Paint paint, ReportModel model)
    {
        var skills = model.Skills.Count == 1 ? "1 skill" : $"{model.Skills.Count} skills";
        var suppressed = model.Suppressed > 0 ? $" ({model.Suppressed} suppressed)" : "";
        var v = model.VerdictCounts;
        writer.WriteLine($"Scanned {skills}: {CountText(model.Errors, model.Warnings, model.Notes)}{suppressed}. " +
                         $"Verdicts: {v[Verdict.Block]} block, {v[Verdict.Review]} review, {v[Verdict.Pass]} pass.");
        var all = model.Skills.SelectMany(s => s.Findings).ToList();
        if (all.Any(f => f.BaselineState is not null) || model.Absent.Count > 0)
        {
            int Count(string state) => all.Count(f => f.BaselineState == state);
            writer.WriteLine($"Against the baseline: {Count(BaselineStates.New)} new, {Count(BaselineStates.Unchanged)} unchanged, " +
                             $"{Count(BaselineStates.Updated)} updated, {model.Absent.Count} absent.");
        }
        if (model.Incomplete)
        {
            writer.WriteLine(paint.Level("warning", $"Scan incomplete: {model.IncompleteText()}; see the warnings above."));
        }
        if (model.Options.Outcome is { } outcome)
        {
            var level = model.Options.Policy.FailLevel.ToString().ToLowerInvariant();
            if (outcome.FailingFindings > 0)
            {
                writer.WriteLine(paint.Level("error", $"Failed: {outcome.FailingFindings} finding(s) at or above the fail level '{level}'."));
            }
            if (outcome.IncompleteFails)
            {
                writer.WriteLine(paint.Level("error", "Failed: the scan is incomplete (--fail-on-incomplete)."));
            }
            if (!outcome.Failed)
            {
                writer.WriteLine($"Passed: no unsuppressed finding at or above the fail level '{level}'.");
            }
        }
    }

    private static string CountText(int errors, int warnings, int notes) =>
        $"{Plural(errors, "error")}, {Plural(warnings, "warning")}, {Plural(notes, "note")}";

    private static string Plural(int n, string word) => n == 1 ? $"1 {word}" : $"{n} {word}s";

    /// <summary>ANSI colour, or nothing.</summary>
    private sealed class Paint(bool enabled)
    {
        private string Wrap(string code, string text) => enabled ? $"\u001b[{code}m{text}\u001b[0m" : text;

        public string Bold(string text) => Wrap("1", text);

        public string Dim(string text) => Wrap("2", text);

        public string Level(string level, string? text = null) => Wrap(level switch
        {
            "error" => "31",
            "warning" => "33",
            _ => "36",
        }, text ?? level);

        public string Verdict(Verdict verdict) => Wrap(verdict switch
        {
            Model.Verdict.Block => "1;31",
            Model.Verdict.Review => "1;33",
            _ => "1;32",
        }, verdict.ToId().ToUpperInvariant().PadRight(6));
    }
}
