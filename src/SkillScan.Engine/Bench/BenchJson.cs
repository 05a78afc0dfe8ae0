using System.Text;
using System.Text.Json;
using SkillScan.Model;

namespace SkillScan.Bench;

/// <summary>
/// The JSON forms of the bench reports. Accuracy uses the names the issue fixes: <c>malicious</c>, <c>benign</c>
/// (counts), <c>recallAtBlock</c>, <c>fprAtBlock</c>, <c>recallAtReview</c>, <c>fprAtReview</c> (fractions 0–1,
/// null when undefined) and <c>rules</c> (<c>{id, tp, fp, fn, precision, recall, f1, …}</c>).
/// </summary>
public static class BenchJson
{
    private static readonly JsonWriterOptions Options = new() { Indented = true };

    public static string Accuracy(AccuracyReport report, BenchContext context) => Write(w => WriteAccuracy(w, report, context));

    public static string Speed(SpeedReport report, BenchContext context) => Write(w => WriteSpeed(w, report, context));

    /// <summary>Both reports in one object: <c>{"accuracy": …, "speed": …}</c>.</summary>
    public static string All(AccuracyReport accuracy, SpeedReport speed, BenchContext context) => Write(w =>
    {
        w.WriteStartObject();
        w.WritePropertyName("accuracy");
        WriteAccuracy(w, accuracy, context);
        w.WritePropertyName("speed");
        WriteSpeed(w, speed, context);
        w.WriteEndObject();
    });

    private static string Write(Action<Utf8JsonWriter> body)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, Options)) body(w);
        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    private static void WriteAccuracy(Utf8JsonWriter w, AccuracyReport report, BenchContext context)
    {
        w.WriteStartObject();
        WriteContext(w, context);
        WriteRates(w, report.Overall);
        w.WriteBoolean("gatePasses", report.GatePasses);
        w.WriteStartObject("bySurface");
        foreach (var (surface, rates) in report.BySurface)
        {
            w.WriteStartObject(BenchMarkdown.SurfaceId(surface));
            WriteRates(w, rates);
            w.WriteEndObject();
        }
        w.WriteEndObject();

        w.WriteStartArray("packs");
        foreach (var p in report.Packs)
        {
            w.WriteStartObject();
            w.WriteString("pack", p.Pack);
            w.WriteNumber("ruleCount", p.RuleCount);
            WriteCounts(w, p.Counts);
            WriteRates(w, p.Skills);
            w.WriteEndObject();
        }
        w.WriteEndArray();

        w.WriteStartArray("rules");
        foreach (var r in report.Rules)
        {
            w.WriteStartObject();
            w.WriteString("id", r.Id);
            WriteCounts(w, r.Counts);
            w.WriteNumber("other", r.Other);
            w.WriteBoolean("known", r.Known);
            if (r.Known)
            {
                w.WriteString("name", r.Name);
                w.WriteString("pack", r.Pack);
                w.WriteString("severity", r.Severity.ToId());
            }
            w.WriteEndObject();
        }
        w.WriteEndArray();

        WriteOutcomes(w, "unblockedMalicious", report.UnblockedMalicious);
        WriteOutcomes(w, "blockedBenign", report.BlockedBenign);
        WriteOutcomes(w, "verdictMismatches", report.VerdictMismatches);

        w.WriteStartArray("misses");
        foreach (var m in report.Misses)
        {
            w.WriteStartObject();
            w.WriteString("rule", m.RuleId);
            w.WriteString("skill", m.Skill);
            w.WriteEndObject();
        }
        w.WriteEndArray();

        w.WriteStartArray("strayHits");
        foreach (var s in report.StrayHits)
        {
            w.WriteStartObject();
            w.WriteString("rule", s.RuleId);
            w.WriteString("skill", s.Skill);
            w.WriteString("reason", s.Reason == StrayReason.MustNot ? "mustNot" : "errorOnBenign");
            w.WritePropertyName("finding");
            WriteHit(w, s.Hit);
            w.WriteEndObject();
        }
        w.WriteEndArray();

        WriteStrings(w, "rulesWithoutTruePositive", report.RulesWithoutTruePositive);
        WriteStrings(w, "unknownRuleIds", report.UnknownRuleIds);
        w.WriteEndObject();
    }

    private static void WriteSpeed(Utf8JsonWriter w, SpeedReport report, BenchContext context)
    {
        w.WriteStartObject();
        WriteContext(w, context);
        w.WriteNumber("skills", report.Skills);
        w.WriteNumber("files", report.Files);
        w.WriteNumber("inputBytes", report.InputBytes);
        w.WriteNumber("threads", report.Threads);
        w.WriteNumber("iterations", report.Iterations);
        w.WriteNumber("wallSeconds", report.Wall.TotalSeconds);
        w.WriteNumber("skillsPerSecond", report.SkillsPerSecond);
        w.WriteNumber("megabytesPerSecond", report.MegabytesPerSecond);
        w.WriteNumber("parseSeconds", report.Stages.ParseSeconds);
        w.WriteNumber("semanticsSeconds", report.Stages.SemanticsSeconds);
        w.WriteNumber("rulesSeconds", report.Stages.RulesSeconds);
        WriteNullable(w, "analysisOverParse", report.Stages.AnalysisOverParse);
        w.WriteNumber("peakWorkingSetBytes", report.PeakWorkingSetBytes);
        w.WriteNumber("allocatedBytesPerPass", report.AllocatedBytesPerPass);
        w.WriteStartArray("languages");
        foreach (var l in report.Languages)
        {
            w.WriteStartObject();
            w.WriteString("language", l.Language.ToId());
            w.WriteNumber("bytes", l.Bytes);
            w.WriteNumber("parseSeconds", l.ParseSeconds);
            WriteNullable(w, "megabytesPerSecond", l.MegabytesPerSecond);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartArray("topRules");
        foreach (var r in report.TopRules())
        {
            w.WriteStartObject();
            w.WriteString("id", r.Id);
            w.WriteString("name", r.Name);
            w.WriteNumber("seconds", r.Seconds);
            w.WriteNumber("share", r.Share);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteContext(Utf8JsonWriter w, BenchContext context)
    {
        w.WriteString("corpus", context.Corpus);
        w.WriteString("command", context.Command);
        w.WriteStartObject("machine");
        w.WriteString("cpu", context.Machine.Cpu);
        w.WriteNumber("cores", context.Machine.Cores);
        w.WriteString("runtime", context.Machine.Runtime);
        w.WriteString("os", context.Machine.Os);
        w.WriteString("toolVersion", context.Machine.ToolVersion);
        WriteNullable(w, "loadAverage", context.Machine.LoadAverage);
        w.WriteString("date", context.Machine.Date.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture));
        w.WriteEndObject();
    }

    private static void WriteRates(Utf8JsonWriter w, SkillRates r)
    {
        w.WriteNumber("malicious", r.Malicious);
        w.WriteNumber("benign", r.Benign);
        WriteNullable(w, "recallAtBlock", r.RecallAtBlock.Fraction);
        WriteNullable(w, "fprAtBlock", r.FprAtBlock.Fraction);
        WriteNullable(w, "recallAtReview", r.RecallAtReview.Fraction);
        WriteNullable(w, "fprAtReview", r.FprAtReview.Fraction);
    }

    private static void WriteCounts(Utf8JsonWriter w, Counts c)
    {
        w.WriteNumber("tp", c.Tp);
        w.WriteNumber("fp", c.Fp);
        w.WriteNumber("fn", c.Fn);
        WriteNullable(w, "precision", c.Precision);
        WriteNullable(w, "recall", c.Recall);
        WriteNullable(w, "f1", c.F1);
    }

    private static void WriteOutcomes(Utf8JsonWriter w, string name, IReadOnlyList<SkillOutcome> outcomes)
    {
        w.WriteStartArray(name);
        foreach (var o in outcomes)
        {
            w.WriteStartObject();
            w.WriteString("skill", o.Skill);
            w.WriteString("expected", o.Expected.ToId());
            w.WriteString("actual", o.Actual.ToId());
            w.WriteString("technique", o.Technique);
            w.WriteStartArray("findings");
            foreach (var h in o.Hits) WriteHit(w, h);
            w.WriteEndArray();
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    private static void WriteHit(Utf8JsonWriter w, RuleHit h)
    {
        w.WriteStartObject();
        w.WriteString("rule", h.RuleId);
        w.WriteString("severity", h.Severity.ToId());
        w.WriteString("path", h.Location.RepoPath);
        w.WriteNumber("line", h.Location.Region.StartLine);
        w.WriteNumber("column", h.Location.Region.StartColumn);
        w.WriteString("message", h.Message);
        w.WriteEndObject();
    }

    private static void WriteStrings(Utf8JsonWriter w, string name, IEnumerable<string> values)
    {
        w.WriteStartArray(name);
        foreach (var v in values) w.WriteStringValue(v);
        w.WriteEndArray();
    }

    private static void WriteNullable(Utf8JsonWriter w, string name, double? value)
    {
        if (value is { } v) w.WriteNumber(name, v);
        else w.WriteNull(name);
    }
}
