using System.CommandLine;
using System.Text;
using SkillScan.Gate;
using SkillScan.Intake.Archives;
using SkillScan.Model;
using SkillScan.Policy;

namespace SkillScan.Cli.Commands;

/// <summary>
/// `skillscan gate TARGET`: the pre-install gate on a skill folder or archive. Exit 0 pass (and review unless
/// --fail-on review), 1 block, 2 error (unreadable input, bad usage). docs/gate.md.
/// </summary>
public sealed class GateCommand : ICliCommand
{
    public Command Build()
    {
        var target = new Argument<string>("target") { Description = "A skill folder, or an archive: .zip, .skill, .tar, .tgz, .tar.gz (read in memory, never extracted)." };
        var format = new Option<string>("--format", "-f") { Description = "text (for people) or json (schema skillscan-gate/1, for scripts).", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "json");
        var failOn = new Option<string>("--fail-on") { Description = "Lowest verdict that exits 1: block (default) or review.", DefaultValueFactory = _ => "block" };
        failOn.AcceptOnlyFromAmong("block", "review");
        var config = new Option<string?>("--config") { Description = "Policy file (the gate reads no policy from the skill or the current folder unless given)." };
        var top = new Option<int>("--top") { Description = "Findings shown in the text report.", DefaultValueFactory = _ => 5 };
        var threads = new Option<int>("--threads") { Description = "Threads (a folder of several skills is gated skill by skill).", DefaultValueFactory = _ => Environment.ProcessorCount };
        var cache = new Option<string?>("--cache")
        {
            Description = "Result cache folder (outside the target): a skill unchanged since a run with the same tool build, rules and settings is not analysed again (docs/batch.md).",
            HelpName = "DIR",
        };
        var command = new Command("gate", "Pre-install gate: pass, review or block a skill folder or archive, with a short report.\n" +
            "Exit codes: 0 pass (and review, unless --fail-on review), 1 block, 2 input error. A skill that could not be " +
            "fully analysed (a file over a size, time, nesting or finding limit: the report lists each under 'Not analysed " +
            "or refused') is at least review, so --fail-on review also stops on an incomplete scan.")
        {
            target, format, failOn, config, top, threads, cache,
        };
        command.SetAction(parse => Run(parse.GetValue(target)!, parse.GetValue(format)!, parse.GetValue(failOn)!, parse.GetValue(config),
            parse.GetValue(top), parse.GetValue(threads), parse.GetValue(cache)));
        return command;
    }

    private static int Run(string target, string format, string failOn, string? config, int top, int threads, string? cache)
    {
        if (threads < 1) throw new UsageException($"--threads must be at least 1 (got {threads})");
        if (top < 0) throw new UsageException($"--top must not be negative (got {top})");
        if (config is not null && !File.Exists(config)) throw new UsageException($"policy file not found: {config}");
        var policy = config is null ? PolicyFile.Default : PolicyFile.Load(config);
        if (cache is not null && !Directory.Exists(target) && !File.Exists(target)) throw new UsageException($"no such file or folder: {target}");
        var cacheDirectory = ScanCommand.CacheFolder(cache, [Path.GetFullPath(target)]);
        GateOutcome gate;
        try
        {
            gate = GateScan.Run(new GateRequest
            {
                Target = target,
                Policy = policy,
                FailOn = failOn == "review" ? Verdict.Review : Verdict.Block,
                Threads = threads,
                CacheDirectory = cacheDirectory,
            });
        }
        catch (ArchiveException ex)
        {
            throw new UsageException(ex.Message);
        }
        if (gate.Scan.Cache is { } used)
        {
            Console.Error.WriteLine($"skillscan: {BatchOutputs.CacheNote(used)}");
            BatchOutputs.WriteCacheProblem(used);
        }
        using var stdout = Console.OpenStandardOutput();
        if (format == "json")
        {
            GateReport.WriteJson(stdout, gate);
        }
        else
        {
            using var writer = new StreamWriter(stdout, new UTF8Encoding(false)) { NewLine = "\n" };
            GateReport.WriteText(writer, gate, top);
        }
        return gate.ExitCode;
    }
}
