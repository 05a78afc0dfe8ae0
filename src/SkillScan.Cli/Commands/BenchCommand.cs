using System.CommandLine;
using System.Text;
using SkillScan.Bench;
using SkillScan.Pipeline;
using SkillScan.Rules;

namespace SkillScan.Cli.Commands;

/// <summary>
/// A subcommand of `skillscan bench`. Every class implementing it in this assembly is added to the group, so other
/// benchmarks (e.g. `bench gate`, `bench batch`) live in their own files.
/// </summary>
public interface IBenchSubcommand
{
    Command Build();
}

/// <summary>`skillscan bench …`: measurements of the engine (accuracy on a labelled corpus, speed, …).</summary>
public sealed class BenchCommand : ICliCommand
{
    public Command Build()
    {
        var command = new Command("bench", "Measure SkillScan: accuracy on a labelled corpus, speed, and more.");
        foreach (var sub in CliCommands.BenchSubcommands()) command.Subcommands.Add(sub.Build());
        return command;
    }
}

/// <summary>`skillscan bench accuracy --corpus DIR`: per rule, per pack and skill-level accuracy against the labels.</summary>
public sealed class BenchAccuracyCommand : IBenchSubcommand
{
    public Command Build()
    {
        var options = new BenchOptions();
        var command = new Command("accuracy",
            "Scan a labelled corpus and compare with its labels: per rule TP/FP/FN, precision, recall, F1; per pack and overall, " +
            "recall and false-positive rate at the block and review thresholds; every miss and stray hit. " +
            "Exits 1 when a malicious skill is not blocked or a benign skill is blocked.");
        options.AddTo(command);
        command.SetAction(parse =>
        {
            var run = options.Read(parse, "accuracy");
            var report = run.Accuracy();
            run.Write(new() { [BenchDocument.AccuracySection] = BenchMarkdown.Accuracy(report, run.Context) }, BenchJson.Accuracy(report, run.Context));
            Console.Error.WriteLine(Summary(report) + run.WrittenTo);
            return report.GatePasses ? ExitCodes.Ok : ExitCodes.Findings;
        });
        return command;
    }

    internal static string Summary(AccuracyReport r) =>
        FormattableString.Invariant(
            $"{r.Overall.Malicious + r.Overall.Benign} skills: recall at block {Percent(r.Overall.RecallAtBlock)}, FP rate at block {Percent(r.Overall.FprAtBlock)}; ") +
        $"{r.UnblockedMalicious.Count} malicious not blocked, {r.BlockedBenign.Count} benign blocked, {r.Misses.Count} misses, {r.StrayHits.Count} stray hits, " +
        $"{r.RulesWithoutTruePositive.Count} rules without a true positive.";

    private static string Percent(Rate r) =>
        r.Fraction is { } f ? FormattableString.Invariant($"{f * 100:0.0}% ({r.Count}/{r.Total})") : "n/a";
}

/// <summary>`skillscan bench speed --corpus DIR`: stage and rule costs, parse throughput, skills per second, memory.</summary>
public sealed class BenchSpeedCommand : IBenchSubcommand
{
    public Command Build()
    {
        var options = new BenchOptions(speed: true);
        var command = new Command("speed",
            "Time the engine on a corpus (or any folder of skills): parse MB/s per language, semantics and rules time against parse time, " +
            "the ten most costly rules, skills per second end to end, peak memory.");
        options.AddTo(command);
        command.SetAction(parse =>
        {
            var run = options.Read(parse, "speed");
            var report = run.Speed();
            run.Write(new() { [BenchDocument.SpeedSection] = BenchMarkdown.Speed(report, run.Context) }, BenchJson.Speed(report, run.Context));
            Console.Error.WriteLine(Summary(report) + run.WrittenTo);
            return ExitCodes.Ok;
        });
        return command;
    }

    internal static string Summary(SpeedReport r) => FormattableString.Invariant(
        $"{r.Skills} skills in {r.Wall.TotalMilliseconds:0} ms ({r.SkillsPerSecond:0.0} skills/s, {r.Threads} threads); (semantics + rules) / parse = {(r.Stages.AnalysisOverParse is { } x ? x.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture) : "n/a")}.");
}

/// <summary>`skillscan bench all --corpus DIR --output docs/benchmarks.md`: accuracy and speed into one document.</summary>
public sealed class BenchAllCommand : IBenchSubcommand
{
    public Command Build()
    {
        var options = new BenchOptions(speed: true);
        var command = new Command("all", "Run `bench accuracy` and `bench speed` and write both sections (e.g. docs/benchmarks.md). Exits like `bench accuracy`.");
        options.AddTo(command);
        command.SetAction(parse =>
        {
            var run = options.Read(parse, "all");
            var accuracy = run.Accuracy();
            var speed = run.Speed();
            run.Write(new()
            {
                [BenchDocument.AccuracySection] = BenchMarkdown.Accuracy(accuracy, run.Context),
                [BenchDocument.SpeedSection] = BenchMarkdown.Speed(speed, run.Context),
            }, BenchJson.All(accuracy, speed, run.Context));
            Console.Error.WriteLine(BenchAccuracyCommand.Summary(accuracy));
            Console.Error.WriteLine(BenchSpeedCommand.Summary(speed) + run.WrittenTo);
            return accuracy.GatePasses ? ExitCodes.Ok : ExitCodes.Findings;
        });
        return command;
    }
}

/// <summary>The options every accuracy/speed bench takes, and what they resolve to.</summary>
internal sealed class BenchOptions
{
    private readonly bool _speed;
    private readonly Option<string> _corpus = new("--corpus") { Description = "The corpus folder (labelled skills: each folder with an expected.yaml).", Required = true };
    private readonly Option<string[]> _rules = new("--rules") { Description = "Extra rule-pack folder (repeatable); the built-in packs always run." };
    private readonly Option<string> _format = new("--format", "-f") { Description = "Output format.", DefaultValueFactory = _ => "md" };
    private readonly Option<string?> _output = new("--output", "-o")
    {
        Description = "Write to FILE instead of standard output. Markdown into an existing generated document replaces only this command's sections.",
    };
    private readonly Option<int> _threads = new("--threads") { Description = "Skills analysed in parallel (default: all cores).", DefaultValueFactory = _ => Environment.ProcessorCount };
    private readonly Option<int> _iterations = new("--iterations") { Description = "Measured passes after one warm-up pass (speed).", DefaultValueFactory = _ => 3 };

    public BenchOptions(bool speed = false)
    {
        _speed = speed;
        _format.AcceptOnlyFromAmong("md", "json");
    }

    public void AddTo(Command command)
    {
        command.Options.Add(_corpus);
        command.Options.Add(_rules);
        command.Options.Add(_format);
        command.Options.Add(_output);
        command.Options.Add(_threads);
        if (_speed) command.Options.Add(_iterations);
    }

    public BenchRun Read(ParseResult parse, string name)
    {
        var corpus = parse.GetValue(_corpus)!;
        if (!Directory.Exists(corpus)) throw new UsageException($"no such corpus folder: {corpus}");
        var ruleFolders = parse.GetValue(_rules) ?? [];
        foreach (var f in ruleFolders)
        {
            if (!Directory.Exists(f)) throw new UsageException($"no such rule folder: {f}");
        }
        var threads = parse.GetValue(_threads);
        if (threads < 1) throw new UsageException("--threads must be at least 1");
        var iterations = _speed ? parse.GetValue(_iterations) : 0;
        if (_speed && iterations < 1) throw new UsageException("--iterations must be at least 1");
        var output = parse.GetValue(_output);
        if (output is not null && Path.GetDirectoryName(Path.GetFullPath(output)) is { } dir && !Directory.Exists(dir))
        {
            throw new UsageException($"no such folder for --output: {dir}");
        }

        var command = new StringBuilder($"skillscan bench {name} --corpus {corpus}");
        foreach (var f in ruleFolders) command.Append($" --rules {f}");
        if (_speed && iterations != 3) command.Append($" --iterations {iterations}");
        if (_speed && threads != Environment.ProcessorCount) command.Append($" --threads {threads}");
        return new BenchRun
        {
            CorpusDir = corpus,
            Rules = RuleSet.Load(ruleFolders).Rules,
            Threads = threads,
            Iterations = iterations,
            Format = parse.GetValue(_format)!,
            Output = output,
            Context = new BenchContext(corpus, command.ToString(), MachineInfo.Current()),
        };
    }
}

/// <summary>A resolved bench invocation: runs the measurements and writes the result.</summary>
internal sealed class BenchRun
{
    public required string CorpusDir { get; init; }

    public required IReadOnlyList<IRule> Rules { get; init; }

    public required int Threads { get; init; }

    public required int Iterations { get; init; }

    public required string Format { get; init; }

    public required string? Output { get; init; }

    public required BenchContext Context { get; init; }

    public string WrittenTo => Output is null ? "" : $" Written to {Output}.";

    // Paths in findings are relative to the current folder, as in `skillscan scan`.
    private static string ReportRoot => Directory.GetCurrentDirectory();

    public AccuracyReport Accuracy()
    {
        var skills = Corpus.Load(CorpusDir);
        if (skills.Count == 0) throw new UsageException($"no labelled skills under {CorpusDir}: each corpus skill folder needs an {CorpusLabels.FileName}");
        var engine = EngineFactory.Create(Rules);
        var scan = CorpusScan.Run(engine, skills, ReportRoot, Threads);
        return AccuracyBench.Compute(scan.Scored(), Rules.Select(r => r.Descriptor).ToList());
    }

    public SpeedReport Speed()
    {
        var sources = Corpus.SourcesForSpeed(CorpusDir, ReportRoot);
        if (sources.Count == 0) throw new UsageException($"no skills under {CorpusDir}");
        var engine = EngineFactory.Create(Rules, collectRuleTimings: true);
        return SpeedBench.Run(engine, sources, Iterations, Threads);
    }

    /// <summary>Markdown sections (merged into an existing generated document) or JSON, to the output file or stdout.</summary>
    public void Write(Dictionary<string, string> markdownSections, string json)
    {
        string text;
        if (Format == "json") text = json;
        else if (Output is null) text = string.Concat(markdownSections.Values.Select(s => s + "\n"));
        else text = BenchDocument.Update(File.Exists(Output) ? File.ReadAllText(Output) : null, markdownSections);

        if (Output is null)
        {
            Console.Out.Write(text);
            return;
        }
        File.WriteAllText(Output, text, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
    }
}
