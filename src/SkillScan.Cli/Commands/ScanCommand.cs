using System.CommandLine;
using System.Text;
using SkillScan.Intake;
using SkillScan.Model;
using SkillScan.Pipeline;
using SkillScan.Policy;
using SkillScan.Report;

namespace SkillScan.Cli.Commands;

/// <summary>
/// `skillscan scan PATH...`: Intake → Syntax → Semantics → Rules → Policy → Report over folders of skills.
/// Exit 0 when no unsuppressed finding reaches the policy's fail level, 1 when one does, 2 on a usage or input
/// error (one line on stderr). An incomplete scan (a file over a limit, see docs/reliability.md) keeps these codes
/// unless --fail-on-incomplete is given (then it exits 1); it is said in the summary and the reports, and the
/// skill's verdict is at least review.
/// </summary>
public sealed class ScanCommand : ICliCommand
{
    public Command Build()
    {
        var paths = new Argument<string[]>("paths") { Arity = ArgumentArity.OneOrMore, Description = "Skill folders, or folders of skills." };
        var format = new Option<string>("--format", "-f") { Description = "Report format: text (for people), json (docs/report-json.md) or sarif (GitHub code scanning).", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "json", "sarif");
        var output = new Option<string?>("--output", "-o") { Description = "Write the report to FILE instead of standard output." };
        var root = new Option<string?>("--root") { Description = "Report paths relative to DIR (default: the current directory, i.e. the repository root in CI)." };
        var category = new Option<string?>("--category") { Description = "SARIF automationDetails.id: GitHub's analysis category, to keep several uploads apart." };
        var config = new Option<string?>("--config") { Description = "Policy file (default: skillscan.yml in the report root, if there is one)." };
        var baseline = new Option<string?>("--baseline") { Description = "A previous SARIF report: mark results new, unchanged, updated or absent." };
        var failOnNew = new Option<bool>("--fail-on-new") { Description = "Exit 1 only for findings that are new against --baseline." };
        var failOnIncomplete = new Option<bool>("--fail-on-incomplete") { Description = "Also exit 1 when the scan is incomplete (a file skipped or not fully analysed at a limit)." };
        var excludeSuppressed = new Option<bool>("--exclude-suppressed") { Description = "Leave suppressed findings out of the report (GitHub ignores SARIF suppressions)." };
        var threads = new Option<int>("--threads") { Description = "Skills analysed in parallel (default: all cores).", DefaultValueFactory = _ => Environment.ProcessorCount };
        var cache = new Option<string?>("--cache")
        {
            Description = "Result cache folder (outside the scanned folders): a skill unchanged since a run with the same tool build, rules and settings is not analysed again; policy still applies (docs/batch.md).",
            HelpName = "DIR",
        };
        var rules = new Option<string[]>("--rules") { Description = "Extra rule-pack folder (every *.yaml in it); repeatable.", AllowMultipleArgumentsPerToken = false, DefaultValueFactory = _ => [] };
        var batch = new BatchOutputs();
        var command = new Command("scan", "Scan skills and report findings (text, JSON or SARIF); batch outputs: JSON Lines, Markdown, HTML.\n" +
            "Exit codes: 0 no unsuppressed finding at the fail level, 1 findings at the fail level, 2 usage or input error. " +
            "An incomplete scan (a file over a size, time, nesting or finding limit) keeps these codes unless --fail-on-incomplete " +
            "is given; the summary says 'Scan incomplete: N files not fully analysed (limits)', JSON has summary.incomplete, " +
            "SARIF has invocations[0].properties.incomplete and a toolExecutionNotification per file and limit, and the skill's verdict is at least review.")
        {
            paths, format, output, root, category, config, baseline, failOnNew, failOnIncomplete, excludeSuppressed, threads, rules, cache,
        };
        foreach (var option in batch.All) command.Options.Add(option);
        command.Aliases.Add("batch");
        command.SetAction(parse => Run(new ScanRequest
        {
            Paths = parse.GetValue(paths)!,
            Format = parse.GetValue(format)!,
            Output = parse.GetValue(output),
            Root = parse.GetValue(root),
            Category = parse.GetValue(category),
            Config = parse.GetValue(config),
            Baseline = parse.GetValue(baseline),
            FailOnNew = parse.GetValue(failOnNew),
            FailOnIncomplete = parse.GetValue(failOnIncomplete),
            ExcludeSuppressed = parse.GetValue(excludeSuppressed),
            Threads = parse.GetValue(threads),
            RuleFolders = parse.GetValue(rules) ?? [],
            Cache = parse.GetValue(cache),
            Batch = batch.Read(parse),
        }));
        return command;
    }

    private sealed record ScanRequest
    {
        public required string[] Paths { get; init; }
        public required string Format { get; init; }
        public string? Output { get; init; }
        public string? Root { get; init; }
        public string? Category { get; init; }
        public string? Config { get; init; }
        public string? Baseline { get; init; }
        public bool FailOnNew { get; init; }
        public bool FailOnIncomplete { get; init; }
        public bool ExcludeSuppressed { get; init; }
        public int Threads { get; init; }
        public string[] RuleFolders { get; init; } = [];
        public string? Cache { get; init; }
        public required BatchOutputs.Values Batch { get; init; }
    }

    private static int Run(ScanRequest request)
    {
        var inputs = request.Paths.Select(p =>
            Directory.Exists(p) ? Path.GetFullPath(p)
            : File.Exists(p) ? throw new UsageException($"{p} is a file; scan takes skill folders (unpack an archive first)")
            : throw new UsageException($"no such folder: {p}")).ToList();
        if (request.Threads < 1) throw new UsageException($"--threads must be at least 1 (got {request.Threads})");
        if (request.FailOnNew && request.Baseline is null) throw new UsageException("--fail-on-new needs --baseline FILE");
        if (request.Category is { } c && string.IsNullOrWhiteSpace(c)) throw new UsageException("--category must not be empty");
        var (reportRoot, derived) = ReportRoot(request.Root, inputs);

        // The policy comes from where the user stands (or chose with --root), never from a folder that was only
        // derived from the paths scanned: that folder may belong to the skills under scrutiny.
        var policyPath = request.Config ?? PolicyFile.FindInRoot(derived ? Directory.GetCurrentDirectory() : reportRoot);
        if (request.Config is not null && !File.Exists(request.Config)) throw new UsageException($"policy file not found: {request.Config}");
        var policy = policyPath is null ? PolicyFile.Default : PolicyFile.Load(policyPath);

        foreach (var folder in request.RuleFolders)
        {
            if (!Directory.Exists(folder)) throw new UsageException($"--rules folder not found: {folder}");
        }
        if (request.Baseline is not null && !File.Exists(request.Baseline)) throw new UsageException($"baseline file not found: {request.Baseline}");
        var cacheDirectory = CacheFolder(request.Cache, inputs);

        var sources = ScanRunner.FromFolders(inputs, new IntakeOptions { ReportRoot = reportRoot });
        if (request.Batch.Shard is { } shard) sources = shard.Select(sources);
        var scan = BatchProgress.Run(request.Batch.Progress, sources.Count, progress => PolicyScan.Run(new PolicyScanRequest
        {
            Paths = inputs,
            Sources = sources,
            Progress = progress,
            ReportRoot = reportRoot,
            Policy = policy,
            ExtraRuleFolders = request.RuleFolders.Select(Path.GetFullPath).ToList(),
            Baseline = request.Baseline is null ? null : Baseline.Load(request.Baseline),
            FailOnNewOnly = request.FailOnNew,
            FailOnIncomplete = request.FailOnIncomplete,
            Threads = request.Threads,
            CacheDirectory = cacheDirectory,
        }));
        var (result, outcome) = scan;
        var options = new ReportOptions
        {
            Category = request.Category,
            ExcludeSuppressed = request.ExcludeSuppressed,
            RootDirectory = reportRoot,
            Policy = policy,
            Outcome = outcome,
            Color = request.Format == "text" && request.Output is null && UseColor(),
        };
        WriteReport(request, result, options);
        BatchOutputs.Write(request.Batch, result, options, scan.Cache);
        return outcome.Failed ? ExitCodes.Findings : ExitCodes.Ok;
    }

    /// <summary>
    /// The --cache folder, created if missing (null without --cache). Refused inside a scanned folder, or holding
    /// one: SkillScan never writes into the tree it scans (and a cache there would be scanned next time).
    /// </summary>
    internal static string? CacheFolder(string? cache, IReadOnlyList<string> scanned)
    {
        if (cache is null) return null;
        if (string.IsNullOrWhiteSpace(cache)) throw new UsageException("--cache needs a folder");
        if (ResultCache.OverlapWithScanned(cache, scanned) is { } overlap) throw new UsageException($"--cache {cache} {overlap}");
        if (File.Exists(cache)) throw new UsageException($"--cache {cache} is a file, not a folder");
        try
        {
            return Directory.CreateDirectory(cache).FullName;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"cannot create the cache folder {cache}: {ex.Message}");
        }
    }

    /// <summary>
    /// --root when given (every path must lie inside it); otherwise the current directory when the paths lie
    /// inside it; otherwise (derived: true) the parent of the deepest folder holding them all, so that paths keep
    /// the skill folder's name.
    /// </summary>
    private static (string Root, bool Derived) ReportRoot(string? explicitRoot, IReadOnlyList<string> inputs)
    {
        if (explicitRoot is not null)
        {
            if (!Directory.Exists(explicitRoot)) throw new UsageException($"--root folder not found: {explicitRoot}");
            var root = Path.GetFullPath(explicitRoot);
            foreach (var input in inputs)
            {
                if (!IsInside(input, root)) throw new UsageException($"{input} is outside --root {root}; paths in reports are relative to the root");
            }
            return (root, false);
        }
        var cwd = Directory.GetCurrentDirectory();
        if (inputs.All(i => IsInside(i, cwd))) return (cwd, false);
        var common = Path.TrimEndingDirectorySeparator(inputs[0]);
        foreach (var input in inputs.Skip(1))
        {
            while (!IsInside(input, common)) common = Path.GetDirectoryName(common) ?? Path.GetPathRoot(common)!;
        }
        return (Path.GetDirectoryName(common) ?? common, true);
    }

    private static bool IsInside(string path, string folder)
    {
        var p = Path.TrimEndingDirectorySeparator(path);
        var f = Path.TrimEndingDirectorySeparator(folder);
        var prefix = f.EndsWith(Path.DirectorySeparatorChar) ? f : f + Path.DirectorySeparatorChar;
        return p == f || p.StartsWith(prefix, StringComparison.Ordinal);
    }

    private static bool UseColor() =>
        UseColor(Console.IsOutputRedirected, Environment.GetEnvironmentVariable("NO_COLOR"), Environment.GetEnvironmentVariable("TERM"));

    /// <summary>Colour only for a terminal, and never when NO_COLOR is set (https://no-color.org) or TERM is dumb.</summary>
    internal static bool UseColor(bool outputRedirected, string? noColor, string? term) =>
        !outputRedirected && string.IsNullOrEmpty(noColor) && term != "dumb";

    private static void WriteReport(ScanRequest request, ScanResult result, ReportOptions options)
    {
        Stream stream;
        try
        {
            stream = request.Output is { } file ? File.Create(file) : Console.OpenStandardOutput();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"cannot write {request.Output}: {ex.Message}");
        }
        using (stream)
        {
            switch (request.Format)
            {
                case "sarif":
                    var size = SarifWriter.Write(stream, result, options);
                    if (size.TooLarge) Console.Error.WriteLine(TooLargeWarning(size, request.Output ?? "the SARIF log"));
                    break;
                case "json":
                    JsonReport.Write(stream, result, options);
                    break;
                default:
                    using (var writer = new StreamWriter(stream, new UTF8Encoding(false), leaveOpen: true) { NewLine = "\n" })
                    {
                        TextReport.Write(writer, result, options);
                    }
                    break;
            }
        }
    }

    /// <summary>
    /// The log is written anyway (it is still a valid report), but the user should learn now, not when the upload
    /// fails. The log's own notification says the same.
    /// </summary>
    internal static string TooLargeWarning(SarifSize size, string output) =>
        $"skillscan: warning: {output} is {SarifWriter.Grouped(size.GzippedBytes)} bytes gzipped even without code flows and snippets, "
        + $"over GitHub's upload limit of {SarifWriter.Grouped(size.Limit)}: code scanning will reject it. "
        + "Scan in shards (--shard K/N) uploaded under separate categories, add --exclude-suppressed, or scan a narrower path.";
}
