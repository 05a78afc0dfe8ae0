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
                SarifMerge.Merge(logs).WriteTo(w);
                w.Flush();
                buffer.WriteByte((byte)'\n');
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
}
