using System.Globalization;
using System.IO.Compression;
using System.Text.Json;
using SkillScan.Findings;
using SkillScan.Model;
using SkillScan.Pipeline;
using SkillScan.Policy;
using SkillScan.Rules;
using SkillScan.Semantics;

namespace SkillScan.Report;

/// <summary>
/// SARIF 2.1.0 for GitHub code scanning (docs/github.md): one run, every rule that ran with GitHub's metadata
/// (security-severity, precision, ≤ 10 tags), results with repo-relative locations under %SRCROOT%, the line
/// hash GitHub computes, code flows, suppressions, baseline states, and the notifications of an incomplete
/// scan. Written with <see cref="Utf8JsonWriter"/> in a fixed order, so the same scan gives the same bytes.
/// </summary>
public static class SarifWriter
{
    public const string SchemaUri = "https://json.schemastore.org/sarif-2.1.0.json";

    public const string SourceRoot = "%SRCROOT%";

    /// <summary>GitHub accepts at most this many results per run.</summary>
    public const int MaxResults = 25_000;

    /// <summary>GitHub's limits on locations per result and steps per thread flow.</summary>
    public const int MaxRelatedLocations = 1_000;

    public const int MaxThreadFlowLocations = 10_000;

    /// <summary>
    /// GitHub rejects an upload over "10 MB" gzipped. We take 10,000,000 bytes rather than 10 MiB: the lower
    /// reading is the safe one. The measure errs safe too: we gzip our indented log, while the upload action
    /// re-serialises it without indentation before gzipping.
    /// </summary>
    public const long MaxGzippedBytes = 10_000_000;

    private const int MaxSnippet = 1_000;

    /// <summary>How much detail each result carries. Each level leaves out more, to fit GitHub's size limit.</summary>
    private enum Detail
    {
        Full,
        NoCodeFlows,
        NoSnippets, // and no code flows
    }

    public static byte[] ToBytes(ScanResult result, ReportOptions options)
    {
        using var stream = new MemoryStream();
        Write(stream, result, options);
        return stream.ToArray();
    }

    public static SarifSize Write(Stream stream, ScanResult result, ReportOptions options) =>
        Write(stream, result, options, MaxGzippedBytes);

    /// <summary>
    /// Writes the log whole when it fits <paramref name="gzippedLimit"/>; otherwise leaves out code flows, then
    /// snippets and context regions, until it fits, and says so in a notification. (The limit is a parameter so
    /// that tests need no 10 MB scans.)
    /// </summary>
    internal static SarifSize Write(Stream stream, ScanResult result, ReportOptions options, long gzippedLimit)
    {
        var model = new ReportModel(result, options);
        var detail = Detail.Full;
        var bytes = Serialize(model, detail, sizeNote: null);
        var original = GzippedSizeUpTo(bytes, gzippedLimit);
        var size = original;
        while (size > gzippedLimit && detail < Detail.NoSnippets)
        {
            detail++;
            // The note reports the size without itself: it cannot contain its own measure.
            var reduced = GzippedSize(Serialize(model, detail, sizeNote: null));
            bytes = Serialize(model, detail, SizeNote(detail, original, reduced, gzippedLimit));
            size = GzippedSize(bytes);
        }
        stream.Write(bytes);
        return new SarifSize(size, gzippedLimit);
    }

    /// <summary>
    /// <see cref="GzippedSize"/>, or, when the log is small enough to fit <paramref name="limit"/> whatever gzip
    /// does, that bound instead: nearly every log is far under 10 MB, and compressing it on every write only to learn
    /// that would cost more than the rest of the report.
    /// </summary>
    public static long GzippedSizeUpTo(ReadOnlySpan<byte> bytes, long limit)
    {
        // Deflate's worst case stores the data: 5 bytes a 64 KiB block, plus gzip's 18-byte header and trailer.
        long bound = bytes.Length + 5L * (bytes.Length / 65_535 + 1) + 18;
        return bound <= limit ? bound : GzippedSize(bytes);
    }

    /// <summary>The size of <paramref name="bytes"/> gzipped at the default level, as the upload action does.</summary>
    public static long GzippedSize(ReadOnlySpan<byte> bytes)
    {
        using var compressed = new MemoryStream();
        using (var gzip = new GZipStream(compressed, CompressionLevel.Optimal, leaveOpen: true)) gzip.Write(bytes);
        return compressed.Length;
    }

    private static ScanNotification SizeNote(Detail detail, long original, long reduced, long limit)
    {
        var dropped = detail == Detail.NoCodeFlows ? "code flows" : "code flows, snippets and context regions";
        var outcome = reduced <= limit
            ? $"about {Grouped(reduced)} bytes, under the limit"
            : $"still about {Grouped(reduced)} bytes, so GitHub will reject the upload";
        return ScanNotification.Warning("sarif-too-large",
            $"The log was {Grouped(original)} bytes gzipped, over GitHub's upload limit of {Grouped(limit)}; every result is kept, but {dropped} were left out: {outcome}. " +
            "To keep them, scan in shards (--shard K/N) uploaded under separate categories, add --exclude-suppressed, scan a narrower path, or write --format json");
    }

    /// <summary>A number with thousands separators, the same on every machine (the log must not depend on the culture).</summary>
    public static string Grouped(long n) => n.ToString("N0", CultureInfo.InvariantCulture);

    private static byte[] Serialize(ReportModel model, Detail detail, ScanNotification? sizeNote)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = SafeJsonEncoder.Instance }))
        {
            w.WriteStartObject();
            w.WriteString("$schema", SchemaUri);
            w.WriteString("version", "2.1.0");
            w.WriteStartArray("runs");
            WriteRun(w, model, detail, sizeNote);
            w.WriteEndArray();
            w.WriteEndObject();
        }
        stream.WriteByte((byte)'\n');
        return stream.ToArray();
    }

    private static void WriteRun(Utf8JsonWriter w, ReportModel model, Detail detail, ScanNotification? sizeNote)
    {
        var (findings, dropped) = Cap(model);
        w.WriteStartObject();
        WriteTool(w, model);
        WriteInvocation(w, model, dropped, sizeNote);
        if (model.Options.RootDirectory is { } root)
        {
            w.WriteStartObject("originalUriBaseIds");
            w.WriteStartObject(SourceRoot);
            w.WriteString("uri", new Uri(Path.TrimEndingDirectorySeparator(Path.GetFullPath(root)) + "/").AbsoluteUri);
            w.WriteStartObject("description");
            w.WriteString("text", "The folder the scan's paths are relative to (the repository root in CI).");
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteEndObject();
        }
        if (!string.IsNullOrWhiteSpace(model.Options.Category))
        {
            w.WriteStartObject("automationDetails");
            w.WriteString("id", AutomationId(model.Options.Category));
            w.WriteEndObject();
        }
        w.WriteString("columnKind", "utf16CodeUnits");
        w.WriteStartArray("results");
        foreach (var (skill, finding) in findings) WriteResult(w, model, skill, finding, detail);
        foreach (var absent in model.Absent) WriteAbsent(w, model, absent);
        w.WriteEndArray();
        w.WriteStartObject("properties");
        w.WriteBoolean("incomplete", model.Incomplete);
        w.WriteStartObject("verdicts");
        foreach (var (skill, _) in model.Skills) w.WriteString(DisplayPath(skill.Skill.RootRepoPath), skill.Verdict.ToId());
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteEndObject();
    }

    /// <summary>
    /// GitHub reads the category from automationDetails.id up to its last '/'; the upload action appends '/'
    /// to a category that lacks one, and so do we.
    /// </summary>
    public static string AutomationId(string category) => category.EndsWith('/') ? category : category + "/";

    /// <summary>The findings to write: all of them, or the most severe 25,000 (in report order) when there are more.</summary>
    private static (List<(SkillResult Skill, Finding Finding)> Findings, int Dropped) Cap(ReportModel model)
    {
        var all = model.Skills.SelectMany(s => s.Findings.Select(f => (s.Result, f))).ToList();
        var room = MaxResults - model.Absent.Count;
        if (all.Count <= room) return (all, 0);
        var kept = all.Select((x, i) => (x, i))
            .OrderByDescending(t => t.x.f.Severity).ThenBy(t => t.i)
            .Take(Math.Max(0, room))
            .OrderBy(t => t.i)
            .Select(t => t.x)
            .ToList();
        return (kept, all.Count - kept.Count);
    }

    private static void WriteTool(Utf8JsonWriter w, ReportModel model)
    {
        w.WriteStartObject("tool");
        w.WriteStartObject("driver");
        w.WriteString("name", ToolInfo.Name);
        w.WriteString("semanticVersion", ToolInfo.Version);
        w.WriteString("informationUri", ToolInfo.InformationUri);
        w.WriteStartArray("rules");
        foreach (var rule in model.Rules) WriteRule(w, model, rule);
        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static void WriteRule(Utf8JsonWriter w, ReportModel model, RuleDescriptor rule)
    {
        w.WriteStartObject();
        w.WriteString("id", rule.Id);
        w.WriteString("name", rule.Name);
        WriteMessage(w, "shortDescription", ReportText.FirstSentence(rule.Summary));
        WriteMessage(w, "fullDescription", ReportText.Sentence(rule.Summary));
        w.WriteStartObject("help");
        w.WriteString("text", ReportText.Sentence(rule.Summary) + "\n\n" + rule.Help.Trim());
        w.WriteString("markdown", rule.Help.Trim());
        w.WriteEndObject();
        w.WriteString("helpUri", ToolInfo.RuleHelpUri(rule.Id));
        w.WriteStartObject("defaultConfiguration");
        w.WriteString("level", rule.Severity.SarifLevel());
        w.WriteEndObject();
        w.WriteStartObject("properties");
        w.WriteStartArray("tags");
        foreach (var tag in Tags(rule)) w.WriteStringValue(tag);
        w.WriteEndArray();
        w.WriteString("precision", rule.Precision.ToId());
        w.WriteString("security-severity", rule.Severity.SecurityScore());
        w.WriteString("severity", rule.Severity.ToId());
        w.WriteString("category", rule.Category);
        w.WriteString("pack", rule.Pack);
        if (model.OverrideReason(rule.Id) is { } reason) w.WriteString("severityOverrideReason", reason);
        w.WriteEndObject();
        w.WriteEndObject();
    }

    /// <summary>At most 10 tags, "security" first, CWE ids in the form GitHub links (external/cwe/cwe-079).</summary>
    public static IReadOnlyList<string> Tags(RuleDescriptor rule)
    {
        var tags = new List<string> { "security" };
        foreach (var tag in rule.Tags)
        {
            var t = tag.StartsWith("CWE-", StringComparison.OrdinalIgnoreCase) && int.TryParse(tag.AsSpan(4), out var cwe)
                ? $"external/cwe/cwe-{cwe:D3}"
                : tag;
            if (!tags.Contains(t, StringComparer.Ordinal)) tags.Add(t);
        }
        return tags.Take(10).ToList();
    }

    private static void WriteInvocation(Utf8JsonWriter w, ReportModel model, int droppedResults, ScanNotification? sizeNote)
    {
        var notifications = model.Notifications.ToList();
        if (droppedResults > 0)
        {
            notifications.Add(ScanNotification.Error("results-truncated",
                $"The scan found more results than GitHub accepts in one run ({Grouped(MaxResults)}); the {Grouped(droppedResults)} least severe were left out. Narrow the scan (paths in skillscan.yml) or split it into categories."));
        }
        if (sizeNote is not null) notifications.Add(sizeNote);
        w.WriteStartArray("invocations");
        w.WriteStartObject();
        w.WriteBoolean("executionSuccessful", !notifications.Any(n => n.Level == NotificationLevel.Error));
        if (notifications.Count > 0)
        {
            w.WriteStartArray("toolExecutionNotifications");
            foreach (var n in notifications) WriteNotification(w, n);
            w.WriteEndArray();
        }
        var configuration = ConfigurationNotes(model.Options.Policy).ToList();
        if (configuration.Count > 0)
        {
            w.WriteStartArray("toolConfigurationNotifications");
            foreach (var n in configuration) WriteNotification(w, n);
            w.WriteEndArray();
        }
        w.WriteStartObject("properties");
        w.WriteBoolean("incomplete", notifications.Any(n => n.Level != NotificationLevel.Note));
        if (model.Options.Policy.Source is { } policy) w.WriteString("policy", policy.Replace('\\', '/'));
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteEndArray();
    }

    /// <summary>What the policy changed, so a reader of the log sees which rules were off or re-graded and why.</summary>
    private static IEnumerable<ScanNotification> ConfigurationNotes(PolicyFile policy)
    {
        var source = Path.GetFileName(policy.Source ?? "the policy");
        foreach (var d in policy.DisabledRules)
        {
            yield return ScanNotification.Note("rule-disabled", $"Rule {d.RuleId} is disabled by {source}: {ReportText.Sentence(d.Reason)}");
        }
        foreach (var o in policy.SeverityOverrides)
        {
            yield return ScanNotification.Note("rule-severity-overridden", $"Rule {o.RuleId} has severity {o.Severity.ToId()} by {source}: {ReportText.Sentence(o.Reason)}");
        }
    }

    private static void WriteNotification(Utf8JsonWriter w, ScanNotification n)
    {
        w.WriteStartObject();
        w.WriteString("level", n.Level switch { NotificationLevel.Error => "error", NotificationLevel.Warning => "warning", _ => "note" });
        WriteMessage(w, "message", ReportText.Sentence(n.Message));
        w.WriteStartObject("descriptor");
        w.WriteString("id", n.Id);
        w.WriteEndObject();
        if (!string.IsNullOrEmpty(n.RepoPath))
        {
            w.WriteStartArray("locations");
            w.WriteStartObject();
            w.WriteStartObject("physicalLocation");
            WriteArtifact(w, n.RepoPath);
            if (n.Line is { } line && line >= 1)
            {
                w.WriteStartObject("region");
                w.WriteNumber("startLine", line);
                w.WriteEndObject();
            }
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteEndArray();
        }
        w.WriteEndObject();
    }

    private static void WriteResult(Utf8JsonWriter w, ReportModel model, SkillResult skill, Finding f, Detail detail)
    {
        var snippets = detail < Detail.NoSnippets;
        var location = f.Location;
        w.WriteStartObject();
        w.WriteString("ruleId", f.Rule.Id);
        w.WriteNumber("ruleIndex", model.RuleIndex(f.Rule.Id));
        w.WriteString("level", f.Severity.SarifLevel());
        WriteMessage(w, "message", ReportText.Sentence(f.Message));

        w.WriteStartArray("locations");
        w.WriteStartObject();
        w.WriteStartObject("physicalLocation");
        WriteArtifact(w, location.RepoPath);
        WriteRegion(w, location.Region, snippets ? ReportModel.RegionText(f.Document.File, location.Region, MaxSnippet) : null);
        if (snippets && ContextRegion(f.Document.File, location.Region) is var (context, contextText))
        {
            w.WritePropertyName("contextRegion");
            WriteRegionObject(w, context, contextText);
        }
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteEndArray();

        if (f.LineHash is { } hash)
        {
            w.WriteStartObject("partialFingerprints");
            w.WriteString("primaryLocationLineHash", hash);
            w.WriteEndObject();
        }

        if (f.Related.Count > 0)
        {
            w.WriteStartArray("relatedLocations");
            var id = 1;
            foreach (var related in f.Related.Take(MaxRelatedLocations))
            {
                w.WriteStartObject();
                w.WriteNumber("id", id++);
                WritePhysicalLocation(w, related.Location);
                WriteMessage(w, "message", ReportText.Sentence(related.Message));
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }

        if (detail == Detail.Full && f.Flow is { Count: > 0 } flow) WriteCodeFlow(w, flow);

        if (f.Suppression is { } suppression)
        {
            w.WriteStartArray("suppressions");
            w.WriteStartObject();
            w.WriteString("kind", suppression.Kind);
            if (suppression.Justification.Length > 0) w.WriteString("justification", suppression.Justification);
            if (suppression.Location is { } where)
            {
                w.WriteStartObject("location");
                WritePhysicalLocation(w, where);
                w.WriteEndObject();
            }
            w.WriteEndObject();
            w.WriteEndArray();
        }

        if (f.BaselineState is { } state) w.WriteString("baselineState", state);

        if (f.FixReplacement is { } replacement) WriteFix(w, f, location, replacement);

        w.WriteStartObject("properties");
        w.WriteString("severity", f.Severity.ToId());
        w.WriteString("skill", DisplayPath(skill.Skill.RootRepoPath));
        if (f.Document.Origin != DocumentOrigin.File && f.Document.Description is { } description)
        {
            w.WriteString("foundIn", description);
        }
        if (f.Evidence.Count > 0)
        {
            w.WriteStartObject("evidence");
            foreach (var (key, value) in f.Evidence.OrderBy(e => e.Key, StringComparer.Ordinal)) w.WriteString(key, value);
            w.WriteEndObject();
        }
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static void WriteCodeFlow(Utf8JsonWriter w, IReadOnlyList<FlowStep> flow)
    {
        w.WriteStartArray("codeFlows");
        w.WriteStartObject();
        w.WriteStartArray("threadFlows");
        w.WriteStartObject();
        w.WriteStartArray("locations");
        foreach (var step in flow.Take(MaxThreadFlowLocations))
        {
            w.WriteStartObject();
            w.WriteStartObject("location");
            WritePhysicalLocation(w, step.Location);
            WriteMessage(w, "message", ReportText.Sentence(step.Message));
            w.WriteEndObject();
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteEndArray();
    }

    private static void WriteFix(Utf8JsonWriter w, Finding f, SourceLocation location, string replacement)
    {
        w.WriteStartArray("fixes");
        w.WriteStartObject();
        WriteMessage(w, "description", ReportText.Sentence(f.FixDescription ?? "Apply the suggested replacement"));
        w.WriteStartArray("artifactChanges");
        w.WriteStartObject();
        WriteArtifact(w, location.RepoPath);
        w.WriteStartArray("replacements");
        w.WriteStartObject();
        w.WritePropertyName("deletedRegion");
        WriteRegionObject(w, location.Region, null);
        w.WriteStartObject("insertedContent");
        w.WriteString("text", replacement);
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteEndArray();
    }

    private static void WriteAbsent(Utf8JsonWriter w, ReportModel model, BaselineResult absent)
    {
        w.WriteStartObject();
        w.WriteString("ruleId", absent.RuleId);
        if (model.RuleIndex(absent.RuleId) is >= 0 and var index) w.WriteNumber("ruleIndex", index);
        w.WriteString("level", absent.Level);
        WriteMessage(w, "message", absent.Message);
        if (absent.Uri.Length > 0)
        {
            w.WriteStartArray("locations");
            w.WriteStartObject();
            w.WriteStartObject("physicalLocation");
            WriteArtifact(w, absent.Uri);
            if (absent.Region is { } region) WriteRegion(w, region, null);
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteEndArray();
        }
        if (absent.LineHash is { } hash)
        {
            w.WriteStartObject("partialFingerprints");
            w.WriteString("primaryLocationLineHash", hash);
            w.WriteEndObject();
        }
        w.WriteString("baselineState", BaselineStates.Absent);
        w.WriteEndObject();
    }

    private static void WritePhysicalLocation(Utf8JsonWriter w, SourceLocation location)
    {
        w.WriteStartObject("physicalLocation");
        WriteArtifact(w, location.RepoPath);
        WriteRegion(w, location.Region, null);
        w.WriteEndObject();
    }

    private static void WriteArtifact(Utf8JsonWriter w, string repoPath)
    {
        w.WriteStartObject("artifactLocation");
        w.WriteString("uri", RelativeUri(repoPath));
        w.WriteString("uriBaseId", SourceRoot);
        w.WriteEndObject();
    }

    private static void WriteRegion(Utf8JsonWriter w, SourceRegion region, string? snippet)
    {
        w.WritePropertyName("region");
        WriteRegionObject(w, region, snippet);
    }

    private static void WriteRegionObject(Utf8JsonWriter w, SourceRegion region, string? snippet)
    {
        var r = Normalize(region);
        w.WriteStartObject();
        w.WriteNumber("startLine", r.StartLine);
        w.WriteNumber("startColumn", r.StartColumn);
        w.WriteNumber("endLine", r.EndLine);
        w.WriteNumber("endColumn", r.EndColumn);
        if (snippet is not null)
        {
            w.WriteStartObject("snippet");
            w.WriteString("text", snippet);
            w.WriteEndObject();
        }
        w.WriteEndObject();
    }

    /// <summary>The lines around a finding (one before, one after), when that is more than the region and short.</summary>
    private static (SourceRegion Region, string Text)? ContextRegion(SkillFile file, SourceRegion region)
    {
        if (file.Language == Language.Binary) return null;
        var lines = ReportModel.LineMapOf(file);
        var r = Normalize(region);
        if (r.EndLine > lines.LineCount) return null;
        var first = Math.Max(1, r.StartLine - 1);
        var last = Math.Min(lines.LineCount, r.EndLine + 1);
        if (first == r.StartLine && last == r.EndLine) return null;
        var start = lines.LineStart(first);
        var end = lines.LineEnd(last, file.Text);
        if (end - start > MaxSnippet * 2) return null;
        return (new SourceRegion(first, 1, last, end - lines.LineStart(last) + 1), file.Text[start..end]);
    }

    /// <summary>A region SARIF accepts: 1-based, and never ending before it starts.</summary>
    public static SourceRegion Normalize(SourceRegion r)
    {
        var sl = Math.Max(1, r.StartLine);
        var sc = Math.Max(1, r.StartColumn);
        var el = Math.Max(sl, r.EndLine);
        var ec = Math.Max(1, r.EndColumn);
        if (el == sl && ec < sc) ec = sc;
        return new SourceRegion(sl, sc, el, ec);
    }

    /// <summary>A repo path as a relative URI reference: each segment percent-encoded, '/' kept.</summary>
    public static string RelativeUri(string repoPath) =>
        string.Join('/', repoPath.Split('/').Select(Uri.EscapeDataString));

    private static void WriteMessage(Utf8JsonWriter w, string property, string text)
    {
        w.WriteStartObject(property);
        w.WriteString("text", text);
        w.WriteEndObject();
    }

    private static string DisplayPath(string repoPath) => repoPath.Length == 0 ? "." : repoPath;
}

/// <summary>A written SARIF log's gzipped size (for a log far under the limit, an upper bound of it), and the limit it was fitted to.</summary>
public readonly record struct SarifSize(long GzippedBytes, long Limit)
{
    /// <summary>GitHub will reject the upload, even with the detail that could be left out gone.</summary>
    public bool TooLarge => GzippedBytes > Limit;
}
