using System.CommandLine;
using System.Text;
using SkillScan.Pipeline;
using SkillScan.Report;
using SkillScan.Report.Batch;

namespace SkillScan.Cli.Commands;

/// <summary>
/// The batch side of `skillscan scan` (alias `batch`): --shard, the extra report files (--jsonl, --markdown,
/// --html, written besides --format's report) and progress on stderr. Kept here so ScanCommand stays readable.
/// </summary>
internal sealed class BatchOutputs
{
    public Option<string?> Shard { get; } = new("--shard") { Description = "Scan only shard K of N (K/N, 1-based), a stable partition by skill path; combine with `skillscan merge`." };
    public Option<string?> JsonLines { get; } = new("--jsonl") { Description = "Also write JSON Lines (one object per skill) to FILE." };
    public Option<string?> Markdown { get; } = new("--markdown") { Description = "Also write a Markdown summary to FILE." };
    public Option<string?> Html { get; } = new("--html") { Description = "Also write a single-file HTML report to FILE." };
    public Option<string> Progress { get; } = new("--progress") { Description = "Progress on stderr: auto (bar on a terminal, lines otherwise, none for one skill), bar, lines or none.", DefaultValueFactory = _ => "auto" };

    public BatchOutputs()
    {
        Progress.AcceptOnlyFromAmong("auto", "bar", "lines", "none");
    }

    public IEnumerable<Option> All => [Shard, JsonLines, Markdown, Html, Progress];

    public sealed record Values(Shard? Shard, string? JsonLines, string? Markdown, string? Html, string Progress);

    public Values Read(ParseResult parse)
    {
        Shard? shard = null;
        if (parse.GetValue(Shard) is { } text)
        {
            try
            {
                shard = Pipeline.Shard.Parse(text);
            }
            catch (FormatException ex)
            {
                throw new UsageException(ex.Message);
            }
        }
        return new Values(shard, parse.GetValue(JsonLines), parse.GetValue(Markdown), parse.GetValue(Html), parse.GetValue(Progress)!);
    }

    /// <summary>
    /// Writes the extra report files, then the verdict table on stderr for a batch; with a cache, how many skills
    /// came from it (on the table's summary line, or alone), and the first cache problem if there was one.
    /// </summary>
    public static void Write(Values values, ScanResult result, ReportOptions options, CacheStatistics? cache = null)
    {
        var plain = options with { Color = false };
        WriteFile(values.JsonLines, s => JsonLinesReport.Write(s, result, plain));
        WriteFile(values.Markdown, s =>
        {
            using var w = new StreamWriter(s, new UTF8Encoding(false), leaveOpen: true) { NewLine = "\n" };
            MarkdownSummary.Write(w, result, plain);
        });
        WriteFile(values.Html, s => HtmlReport.Write(s, result, plain));
        var cacheNote = cache is null ? null : CacheNote(cache);
        if (result.Skills.Count > 1 && values.Progress != "none")
        {
            new BatchSummary(new ReportModel(result, plain)).WriteTable(Console.Error, note: cacheNote);
        }
        else if (cacheNote is not null && values.Progress != "none")
        {
            Console.Error.WriteLine($"skillscan: {cacheNote}");
        }
        WriteCacheProblem(cache);
    }

    /// <summary>"812 of 1000 skills from cache." and what went wrong with entries, if anything.</summary>
    internal static string CacheNote(CacheStatistics cache)
    {
        var note = $"{cache.FromCache} of {cache.Skills} skills from cache.";
        if (cache.Unusable > 0) note += $" {cache.Unusable} unusable cache {(cache.Unusable == 1 ? "entry was" : "entries were")} ignored and replaced.";
        if (cache.WriteFailures > 0) note += $" {cache.WriteFailures} {(cache.WriteFailures == 1 ? "result" : "results")} could not be written to the cache.";
        return note;
    }

    /// <summary>The first unusable entry or failed write, one line on stderr (whatever --progress says: it needs attention).</summary>
    internal static void WriteCacheProblem(CacheStatistics? cache)
    {
        if (cache?.Problem is { } problem) Console.Error.WriteLine($"skillscan: cache: {problem}");
    }

    private static void WriteFile(string? path, Action<Stream> write)
    {
        if (path is null) return;
        try
        {
            using var stream = File.Create(path);
            write(stream);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"cannot write {path}: {ex.Message}");
        }
    }
}
