using System.Text.Json;
using SkillScan.Findings;
using SkillScan.Model;
using SkillScan.Pipeline;

namespace SkillScan.Report;

/// <summary>
/// SkillScan's own JSON report, schema "skillscan-report/1" (docs/report-json.md): per-skill verdicts, findings
/// with their evidence, flow, suppression and fingerprint, and notifications. Additive changes keep the schema
/// name; anything else bumps it.
/// </summary>
public static class JsonReport
{
    public const string Schema = "skillscan-report/1";

    public static byte[] ToBytes(ScanResult result, ReportOptions options)
    {
        using var stream = new MemoryStream();
        Write(stream, result, options);
        return stream.ToArray();
    }

    public static void Write(Stream stream, ScanResult result, ReportOptions options)
    {
        var model = new ReportModel(result, options);
        using var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = SafeJsonEncoder.Instance });
        w.WriteStartObject();
        w.WriteString("schema", Schema);
        w.WriteStartObject("tool");
        w.WriteString("name", ToolInfo.Name);
        w.WriteString("version", ToolInfo.Version);
        w.WriteEndObject();
        if (options.Category is { } category) w.WriteString("category", category);
        if (options.Policy.Source is { } policy) w.WriteString("policy", policy.Replace('\\', '/'));
        w.WriteString("failLevel", options.Policy.FailLevel.ToString().ToLowerInvariant());

        w.WriteStartObject("summary");
        w.WriteNumber("skills", model.Skills.Count);
        w.WriteStartObject("findings");
        w.WriteNumber("error", model.Errors);
        w.WriteNumber("warning", model.Warnings);
        w.WriteNumber("note", model.Notes);
        w.WriteNumber("suppressed", model.Suppressed);
        w.WriteEndObject();
        w.WriteStartObject("verdicts");
        foreach (var v in (Verdict[])[Verdict.Block, Verdict.Review, Verdict.Pass]) w.WriteNumber(v.ToId(), model.VerdictCounts[v]);
        w.WriteEndObject();
        w.WriteBoolean("incomplete", model.Incomplete);
        if (options.Outcome is { } outcome) w.WriteBoolean("failed", outcome.Failed);
        w.WriteEndObject();

        w.WriteStartArray("rules");
        foreach (var rule in model.Rules)
        {
            w.WriteStartObject();
            w.WriteString("id", rule.Id);
            w.WriteString("name", rule.Name);
            w.WriteString("pack", rule.Pack);
            w.WriteString("category", rule.Category);
            w.WriteString("severity", rule.Severity.ToId());
            w.WriteString("precision", rule.Precision.ToId());
            w.WriteString("summary", rule.Summary);
            w.WriteString("helpUri", ToolInfo.RuleHelpUri(rule.Id));
            if (model.OverrideReason(rule.Id) is { } reason) w.WriteString("severityOverrideReason", reason);
            w.WriteEndObject();
        }
        w.WriteEndArray();

        w.WriteStartArray("skills");
        foreach (var skill in model.Skills) WriteSkill(w, skill);
        w.WriteEndArray();

        if (model.Absent.Count > 0)
        {
            w.WriteStartArray("absent");
            foreach (var a in model.Absent)
            {
                w.WriteStartObject();
                w.WriteString("ruleId", a.RuleId);
                w.WriteString("level", a.Level);
                w.WriteString("message", a.Message);
                w.WriteString("path", a.Uri);
                if (a.Region is { } region) w.WriteNumber("line", region.StartLine);
                if (a.LineHash is { } hash) w.WriteString("fingerprint", hash);
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }

        w.WriteStartArray("notifications");
        foreach (var n in result.Notifications) WriteNotification(w, n);
        w.WriteEndArray();
        w.WriteEndObject();
        w.Flush();
        stream.WriteByte((byte)'\n');
    }

    internal static void WriteSkill(Utf8JsonWriter w, SkillView view)
    {
        var skill = view.Result;
        w.WriteStartObject();
        w.WriteString("name", skill.Skill.Name);
        w.WriteString("path", skill.Skill.RootRepoPath.Length == 0 ? "." : skill.Skill.RootRepoPath);
        if (skill.Skill.ArchiveSha256 is { } sha) w.WriteString("archiveSha256", sha);
        w.WriteString("verdict", skill.Verdict.ToId());
        w.WriteBoolean("incomplete", skill.Incomplete);
        w.WriteStartArray("findings");
        foreach (var f in view.Findings) WriteFinding(w, f);
        w.WriteEndArray();
        w.WriteStartArray("notifications");
        foreach (var n in skill.Notifications.Distinct()) WriteNotification(w, n);
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteFinding(Utf8JsonWriter w, Finding f)
    {
        w.WriteStartObject();
        w.WriteString("ruleId", f.Rule.Id);
        w.WriteString("ruleName", f.Rule.Name);
        w.WriteString("severity", f.Severity.ToId());
        w.WriteString("level", f.Severity.SarifLevel());
        w.WriteString("message", ReportText.Sentence(f.Message));
        w.WritePropertyName("location");
        WriteLocation(w, f.Location);
        if (f.Document.Origin != DocumentOrigin.File && f.Document.Description is { } description) w.WriteString("foundIn", description);
        if (ReportModel.RegionText(f.Document.File, f.Location.Region, 1_000) is { } snippet) w.WriteString("snippet", snippet);
        w.WriteStartObject("evidence");
        foreach (var (key, value) in f.Evidence.OrderBy(e => e.Key, StringComparer.Ordinal)) w.WriteString(key, value);
        w.WriteEndObject();
        w.WriteStartArray("flow");
        foreach (var step in f.Flow ?? [])
        {
            w.WriteStartObject();
            w.WritePropertyName("location");
            WriteLocation(w, step.Location);
            w.WriteString("message", step.Message);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartArray("related");
        foreach (var r in f.Related)
        {
            w.WriteStartObject();
            w.WritePropertyName("location");
            WriteLocation(w, r.Location);
            w.WriteString("message", r.Message);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        if (f.Suppression is { } s)
        {
            w.WriteStartObject("suppression");
            w.WriteString("kind", s.Kind);
            w.WriteString("justification", s.Justification);
            if (s.Location is { } where)
            {
                w.WritePropertyName("location");
                WriteLocation(w, where);
            }
            w.WriteEndObject();
        }
        else
        {
            w.WriteNull("suppression");
        }
        if (f.LineHash is { } hash) w.WriteString("fingerprint", hash);
        else w.WriteNull("fingerprint");
        if (f.BaselineState is { } state) w.WriteString("baselineState", state);
        if (f.FixReplacement is { } fix)
        {
            w.WriteStartObject("fix");
            w.WriteString("description", f.FixDescription ?? "");
            w.WriteString("replacement", fix);
            w.WriteEndObject();
        }
        w.WriteEndObject();
    }

    private static void WriteLocation(Utf8JsonWriter w, SourceLocation location)
    {
        var r = SarifWriter.Normalize(location.Region);
        w.WriteStartObject();
        w.WriteString("path", location.RepoPath);
        w.WriteNumber("startLine", r.StartLine);
        w.WriteNumber("startColumn", r.StartColumn);
        w.WriteNumber("endLine", r.EndLine);
        w.WriteNumber("endColumn", r.EndColumn);
        w.WriteEndObject();
    }

    private static void WriteNotification(Utf8JsonWriter w, ScanNotification n)
    {
        w.WriteStartObject();
        w.WriteString("id", n.Id);
        w.WriteString("level", n.Level.ToString().ToLowerInvariant());
        w.WriteString("message", n.Message);
        if (n.RepoPath is { } path) w.WriteString("path", path);
        if (n.Line is { } line) w.WriteNumber("line", line);
        w.WriteEndObject();
    }
}
