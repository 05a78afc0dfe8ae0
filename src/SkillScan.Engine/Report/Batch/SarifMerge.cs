using System.Text.Json;
using System.Text.Json.Nodes;

namespace SkillScan.Report.Batch;

/// <summary>
/// Merges SkillScan SARIF logs of shards (same tool, rules and root) into one run, as a single scan would have
/// written it: rules united and ordered by id (ruleIndex recomputed), results ordered by skill (each shard's own
/// order kept inside a skill), per-skill verdicts united, notifications concatenated, success and completeness
/// combined.
/// </summary>
public static class SarifMerge
{
    public static JsonObject Merge(IReadOnlyList<JsonObject> logs)
    {
        if (logs.Count == 0) throw new JsonException("nothing to merge");
        var runs = logs.Select(l => l["runs"] is JsonArray { Count: 1 } a && a[0] is JsonObject r ? r : throw new JsonException("each input must be a SARIF log with exactly one run")).ToList();
        var merged = (JsonObject)logs[0].DeepClone();
        var run = (JsonObject)((JsonArray)merged["runs"]!)[0]!;

        var rules = new SortedDictionary<string, JsonNode>(StringComparer.Ordinal);
        foreach (var r in runs)
        {
            foreach (var rule in r["tool"]?["driver"]?["rules"] as JsonArray ?? [])
            {
                rules.TryAdd(rule!["id"]!.GetValue<string>(), rule.DeepClone());
            }
        }
        run["tool"]!["driver"]!["rules"] = new JsonArray(rules.Values.ToArray());
        var index = rules.Keys.Select((id, i) => (id, i)).ToDictionary(x => x.id, x => x.i, StringComparer.Ordinal);

        var results = runs.SelectMany(r => r["results"] as JsonArray ?? []).Select(n => n!.DeepClone())
            .OrderBy(n => n["properties"]?["skill"]?.GetValue<string>() ?? "", StringComparer.Ordinal).ToList();
        foreach (var result in results)
        {
            if (result["ruleId"]?.GetValue<string>() is { } id && index.TryGetValue(id, out var i)) result["ruleIndex"] = i;
        }
        run["results"] = new JsonArray(results.ToArray());

        var verdicts = new SortedDictionary<string, JsonNode?>(StringComparer.Ordinal);
        foreach (var r in runs)
        {
            foreach (var (skill, verdict) in r["properties"]?["verdicts"] as JsonObject ?? [])
            {
                if (!verdicts.TryAdd(skill, verdict?.DeepClone())) throw new JsonException($"skill {skill} appears in more than one input; shards must not overlap");
            }
        }
        var properties = run["properties"] as JsonObject ?? new JsonObject();
        properties["incomplete"] = runs.Any(r => r["properties"]?["incomplete"]?.GetValue<bool>() == true);
        properties["verdicts"] = new JsonObject(verdicts);
        run["properties"] = properties;

        var invocation = run["invocations"]?[0] as JsonObject;
        if (invocation is not null)
        {
            var invocations = runs.Select(r => r["invocations"]?[0]).Where(i => i is not null).ToList();
            invocation["executionSuccessful"] = invocations.All(i => i!["executionSuccessful"]?.GetValue<bool>() != false);
            var notes = invocations.SelectMany(i => i!["toolExecutionNotifications"] as JsonArray ?? []).Select(n => n!.DeepClone())
                .OrderBy(n => n["locations"]?[0]?["physicalLocation"]?["artifactLocation"]?["uri"]?.GetValue<string>() ?? "", StringComparer.Ordinal).ToList();
            if (notes.Count > 0) invocation["toolExecutionNotifications"] = new JsonArray(notes.ToArray());
            else invocation.Remove("toolExecutionNotifications");
            if (invocation["properties"] is JsonObject p) p["incomplete"] = invocations.Any(i => i!["properties"]?["incomplete"]?.GetValue<bool>() == true);
        }
        return merged;
    }
}
