using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using SkillScan.Report;
using SkillScan.Report.Batch;

namespace SkillScan.Cli.Commands;

/// <summary>`skillscan merge`: joins the SARIF or JSON Lines reports of `scan --shard K/N` runs into one (docs/batch.md).</summary>
public sealed class MergeCommand : ICliCommand
{
    public Command Build()
    {
        var inputs = new Argument<string[]>("inputs") { Arity = ArgumentArity.OneOrMore, Description = "Shard reports: all SARIF (.sarif) or all JSON Lines (.jsonl)." };
        var output = new Option<string?>("--output", "-o") { Description = "Write the merged report to FILE instead of standard output." };
        var format = new Option<string>("--format", "-f") { Description = "sarif or jsonl (default: from the inputs' extension).", DefaultValueFactory = _ => "auto" };
        format.AcceptOnlyFromAmong("auto", "sarif", "jsonl");
        var command = new Command("merge", "Merge the SARIF or JSON Lines reports of sharded scans into one.") { inputs, output, format };
        command.SetAction(parse => Run(parse.GetValue(inputs)!, parse.GetValue(output), parse.GetValue(format)!));
        return command;
    }

    private static int Run(string[] inputs, string? output, string format)
    {
        foreach (var input in inputs)
        {
            if (!File.Exists(input)) throw new UsageException($"no such file: {input}");
        }
        if (format == "auto")
        {
            var kinds = inputs.Select(i => i.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase) ? "jsonl" : "sarif").Distinct().ToList();
            if (kinds.Count != 1) throw new UsageException("inputs mix SARIF and JSON Lines; merge one kind at a time");
            format = kinds[0];
        }
        try
        {
            using var buffer = new MemoryStream();
            if (format == "jsonl")
            {
                JsonLinesReport.Merge(inputs.SelectMany(File.ReadLines), buffer);
            }
            else
            {
                var logs = inputs.Select(i => JsonNode.Parse(File.ReadAllBytes(i)) as JsonObject ?? throw new JsonException($"{i} is not a SARIF log")).ToList();
                using var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = SafeJsonEncoder.Instance });
                var merged = SarifMerge.Merge(logs);
                merged.WriteTo(w);
                w.Flush();
                buffer.WriteByte((byte)'\n');
                var results = (merged["runs"]![0]!["results"] as JsonArray)?.Count ?? 0;
                var gzipped = SarifWriter.GzippedSizeUpTo(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), SarifWriter.MaxGzippedBytes);
                if (TooLargeWarning(results, gzipped, output ?? "the merged log") is { } warning) Console.Error.WriteLine(warning);
            }
            using var stream = output is null ? Console.OpenStandardOutput() : File.Create(output);
            buffer.Position = 0;
            buffer.CopyTo(stream);
        }
        catch (JsonException ex)
        {
            throw new UsageException($"cannot merge: {ex.Message}");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"cannot merge: {ex.Message}");
        }
        return ExitCodes.Ok;
    }

    /// <summary>
    /// Each shard fits GitHub's limits on its own, but their union may not, and merge does not trim or shrink
    /// (it would lose what the shards kept). Warn now rather than at upload.
    /// </summary>
    internal static string? TooLargeWarning(int results, long gzippedBytes, string output)
    {
        var over = new List<string>();
        if (results > SarifWriter.MaxResults) over.Add($"{SarifWriter.Grouped(results)} results (GitHub accepts {SarifWriter.Grouped(SarifWriter.MaxResults)} per run)");
        if (gzippedBytes > SarifWriter.MaxGzippedBytes) over.Add($"{SarifWriter.Grouped(gzippedBytes)} bytes gzipped (GitHub's limit is {SarifWriter.Grouped(SarifWriter.MaxGzippedBytes)})");
        return over.Count == 0 ? null
            : $"skillscan: warning: {output} has {string.Join(" and ", over)}: code scanning will not take it whole. Upload the shard logs separately instead, each with its own category.";
    }
}
