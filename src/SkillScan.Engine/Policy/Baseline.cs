using System.Text.Json;
using SkillScan.Findings;
using SkillScan.Model;
using SkillScan.Report;
using SkillScan.Util;

namespace SkillScan.Policy;

/// <summary>SARIF baselineState values.</summary>
public static class BaselineStates
{
    public const string New = "new";
    public const string Unchanged = "unchanged";
    public const string Updated = "updated";
    public const string Absent = "absent";
}

/// <summary>One result of a previous SARIF log, as much of it as comparison and re-emission need.</summary>
public sealed record BaselineResult(string RuleId, string Level, string Message, string Uri, SourceRegion? Region, string? LineHash);

/// <summary>
/// A previous SARIF log (<c>--baseline previous.sarif</c>). Current findings are matched to its results by
/// rule id, file and <c>primaryLocationLineHash</c> (so a finding that only moved is the same finding):
/// matched ones are <c>unchanged</c>, or <c>updated</c> when their level or message changed; unmatched current
/// ones are <c>new</c>; baseline results left over are <c>absent</c> (fixed or removed). Baseline results without
/// a line hash (written by another tool) are matched by rule, file and message instead.
/// </summary>
public sealed class Baseline
{
    public Baseline(IReadOnlyList<BaselineResult> results)
    {
        Results = results;
    }

    public IReadOnlyList<BaselineResult> Results { get; }

    public static Baseline Load(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new DataFileException(path, 1, 1, $"cannot read the baseline: {ex.Message}");
        }
        return Parse(bytes, path);
    }

    public static Baseline Parse(byte[] sarif, string file)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(sarif, new JsonDocumentOptions { MaxDepth = 128, CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException ex)
        {
            throw new DataFileException(file, (ex.LineNumber ?? 0) + 1, (ex.BytePositionInLine ?? 0) + 1, $"the baseline is not valid JSON: {ex.Message}");
        }
        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("runs", out var runs) || runs.ValueKind != JsonValueKind.Array)
            {
                throw new DataFileException(file, 1, 1, "the baseline is not a SARIF log: expected an object with a 'runs' array (a file written by `skillscan scan --format sarif`)");
            }
            var results = new List<BaselineResult>();
            foreach (var run in runs.EnumerateArray())
            {
                var ruleIds = RuleIds(run);
                if (!run.TryGetProperty("results", out var list) || list.ValueKind != JsonValueKind.Array) continue;
                foreach (var r in list.EnumerateArray())
                {
                    if (r.ValueKind != JsonValueKind.Object) continue;
                    // A baseline's own absent results are gone already; they do not carry over.
                    if (Str(r, "baselineState") == BaselineStates.Absent) continue;
                    var ruleId = Str(r, "ruleId")
                        ?? (r.TryGetProperty("ruleIndex", out var ri) && ri.TryGetInt32(out var index) && index >= 0 && index < ruleIds.Count ? ruleIds[index] : null);
                    if (ruleId is null) continue;
                    var message = r.TryGetProperty("message", out var m) ? Str(m, "text") ?? "" : "";
                    string? lineHash = null;
                    if (r.TryGetProperty("partialFingerprints", out var pf) && pf.ValueKind == JsonValueKind.Object) lineHash = Str(pf, "primaryLocationLineHash");
                    var (uri, region) = PrimaryLocation(r);
                    results.Add(new BaselineResult(ruleId, Str(r, "level") ?? "warning", message, uri, region, lineHash));
                }
            }
            return new Baseline(results);
        }
    }

    /// <summary>Sets <see cref="Finding.BaselineState"/> on every finding and returns the baseline results no finding matched.</summary>
    public IReadOnlyList<BaselineResult> Compare(IReadOnlyList<Finding> findings)
    {
        var matched = new HashSet<BaselineResult>(ReferenceEqualityComparer.Instance);
        // Several identical results on one line pair up in order.
        var byFingerprint = Queues(Results.Where(b => b.LineHash is not null), b => (b.RuleId, b.Uri, b.LineHash!));
        var byMessage = Queues(Results.Where(b => b.LineHash is null), b => (b.RuleId, b.Uri, b.Message));
        foreach (var f in findings)
        {
            var path = f.Location.RepoPath;
            // Baselines written without fingerprints (another tool) fall back to rule, file and message.
            if (!Take(byFingerprint, (f.Rule.Id, path, f.LineHash ?? ""), out var b)
                && !Take(byMessage, (f.Rule.Id, path, ReportText.Sentence(f.Message)), out b))
            {
                f.BaselineState = BaselineStates.New;
                continue;
            }
            matched.Add(b);
            f.BaselineState = b.Level == f.Severity.SarifLevel() && b.Message == ReportText.Sentence(f.Message)
                ? BaselineStates.Unchanged
                : BaselineStates.Updated;
        }
        return Results.Where(b => !matched.Contains(b)).ToList();
    }

    private static Dictionary<(string, string, string), Queue<BaselineResult>> Queues(
        IEnumerable<BaselineResult> results, Func<BaselineResult, (string, string, string)> key)
    {
        var map = new Dictionary<(string, string, string), Queue<BaselineResult>>();
        foreach (var r in results)
        {
            if (!map.TryGetValue(key(r), out var q)) map[key(r)] = q = new Queue<BaselineResult>();
            q.Enqueue(r);
        }
        return map;
    }

    private static bool Take(Dictionary<(string, string, string), Queue<BaselineResult>> map, (string, string, string) key, out BaselineResult result)
    {
        if (map.TryGetValue(key, out var q) && q.Count > 0)
        {
            result = q.Dequeue();
            return true;
        }
        result = null!;
        return false;
    }

    private static List<string> RuleIds(JsonElement run)
    {
        var ids = new List<string>();
        if (run.TryGetProperty("tool", out var tool) && tool.TryGetProperty("driver", out var driver)
            && driver.TryGetProperty("rules", out var rules) && rules.ValueKind == JsonValueKind.Array)
        {
            foreach (var rule in rules.EnumerateArray()) ids.Add(Str(rule, "id") ?? "");
        }
        return ids;
    }

    private static (string Uri, SourceRegion? Region) PrimaryLocation(JsonElement result)
    {
        if (!result.TryGetProperty("locations", out var locations) || locations.ValueKind != JsonValueKind.Array || locations.GetArrayLength() == 0)
        {
            return ("", null);
        }
        var loc = locations[0];
        if (!loc.TryGetProperty("physicalLocation", out var phys) || phys.ValueKind != JsonValueKind.Object) return ("", null);
        var uri = phys.TryGetProperty("artifactLocation", out var art) ? Str(art, "uri") ?? "" : "";
        SourceRegion? region = null;
        if (phys.TryGetProperty("region", out var reg) && reg.ValueKind == JsonValueKind.Object)
        {
            var sl = Int(reg, "startLine") ?? 1;
            var sc = Int(reg, "startColumn") ?? 1;
            region = new SourceRegion(sl, sc, Int(reg, "endLine") ?? sl, Int(reg, "endColumn") ?? sc);
        }
        return (Uri.UnescapeDataString(uri), region);
    }

    private static string? Str(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static int? Int(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var i) ? i : null;
}
