using System.Text.Json;
using SkillScan.Pipeline;

namespace SkillScan.Report.Batch;

/// <summary>
/// JSON Lines: one compact object per skill, in skill-path order, each exactly a <c>skills[]</c> entry of the
/// "skillscan-report/1" JSON report (docs/report-json.md). Streams well and merges by concatenation.
/// </summary>
public static class JsonLinesReport
{
    public static void Write(Stream stream, ScanResult result, ReportOptions options)
    {
        var model = new ReportModel(result, options);
        foreach (var view in model.Skills)
        {
            using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = SafeJsonEncoder.Instance }))
            {
                JsonReport.WriteSkill(w, view);
            }
            stream.WriteByte((byte)'\n');
        }
    }

    /// <summary>Merges JSON Lines files (shards) into one, ordered by skill path as a single run orders them.</summary>
    public static void Merge(IEnumerable<string> lines, Stream output)
    {
        var records = new List<(string Path, string Line)>();
        foreach (var line in lines)
        {
            if (string.IsNullOrWhiteSpace(line)) continue;
            using var doc = JsonDocument.Parse(line);
            var path = doc.RootElement.GetProperty("path").GetString() ?? throw new JsonException("a JSON Lines record without \"path\"");
            records.Add((path, line.TrimEnd('\r')));
        }
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (path, line) in records.OrderBy(r => r.Path, StringComparer.Ordinal))
        {
            if (!seen.Add(path)) throw new JsonException($"skill {path} appears in more than one input; shards must not overlap");
            output.Write(System.Text.Encoding.UTF8.GetBytes(line));
            output.WriteByte((byte)'\n');
        }
    }
}
