using System.CommandLine;
using SkillScan.Intake;
using SkillScan.Model;
using SkillScan.Pipeline;
using SkillScan.Rules;

namespace SkillScan.Cli.Commands;

/// <summary>`skillscan scan PATH...`: the whole pipeline over folders of skills.</summary>
public sealed class ScanCommand : ICliCommand
{
    public Command Build()
    {
        var paths = new Argument<string[]>("paths") { Arity = ArgumentArity.OneOrMore, Description = "Skill folders, folders of skills, or skill archives." };
        var format = new Option<string>("--format", "-f") { Description = "Output format.", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "json", "sarif");
        var output = new Option<string?>("--output", "-o") { Description = "Write the report to FILE instead of standard output." };
        var root = new Option<string?>("--root") { Description = "Report paths relative to DIR (default: the current directory, i.e. the repository root in CI)." };
        var threads = new Option<int>("--threads") { Description = "Skills analysed in parallel (default: all cores).", DefaultValueFactory = _ => Environment.ProcessorCount };
        var command = new Command("scan", "Scan skills and report findings (text, JSON or SARIF).") { paths, format, output, root, threads };
        command.SetAction(parse =>
        {
            var reportRoot = Path.GetFullPath(parse.GetValue(root) ?? Directory.GetCurrentDirectory());
            var inputs = parse.GetValue(paths)!;
            foreach (var p in inputs)
            {
                if (!Directory.Exists(p) && !File.Exists(p)) throw new UsageException($"no such file or folder: {p}");
            }
            var rules = RuleSet.Load();
            var engine = EngineFactory.Create(rules.Rules);
            var sources = ScanRunner.FromFolders(inputs, new IntakeOptions { ReportRoot = reportRoot });
            var results = new ScanRunner(engine) { Threads = parse.GetValue(threads) }.Run(sources);
            var errors = 0;
            using var writer = parse.GetValue(output) is { } file ? new StreamWriter(file) : new StreamWriter(Console.OpenStandardOutput());
            foreach (var skill in results)
            {
                foreach (var f in skill.Findings)
                {
                    var loc = f.Location;
                    writer.WriteLine($"{loc.RepoPath}:{loc.Region.StartLine}:{loc.Region.StartColumn}: {f.Severity.SarifLevel()} {f.Rule.Id} {f.Rule.Name}: {f.Message}");
                    if (f.Severity.SarifLevel() == "error") errors++;
                }
                foreach (var n in skill.Notifications) writer.WriteLine($"{n.RepoPath ?? skill.Skill.RootRepoPath}: {n.Level.ToString().ToLowerInvariant()}: {n.Message}");
            }
            return errors > 0 ? ExitCodes.Findings : ExitCodes.Ok;
        });
        return command;
    }
}
