using System.CommandLine;
using System.Text;
using SkillScan.Model;
using SkillScan.Rules;
using SkillScan.Rules.Testing;

namespace SkillScan.Cli.Commands;

/// <summary>
/// `skillscan rules list|show|test`: the loaded rules as a table (text or Markdown), one rule's descriptor and
/// help, and the fixture runner.
/// </summary>
public sealed class RulesCommand : ICliCommand
{
    public Command Build()
    {
        var extra = new Option<string[]>("--rules") { Description = "Also load the rule packs (*.yaml) in these folders.", AllowMultipleArgumentsPerToken = true };
        var command = new Command("rules", "List, show and test the rule packs.");
        command.Subcommands.Add(List(extra));
        command.Subcommands.Add(Show(extra));
        command.Subcommands.Add(Test(extra));
        command.Subcommands.Add(Facts());
        return command;
    }

    private static RuleSet Load(ParseResult parse, Option<string[]> extra)
    {
        var folders = parse.GetValue(extra) ?? [];
        foreach (var f in folders)
        {
            if (!Directory.Exists(f)) throw new UsageException($"no such rule folder: {f}");
        }
        return RuleSet.Load(folders);
    }

    private static Command List(Option<string[]> extra)
    {
        var format = new Option<string>("--format", "-f") { Description = "Output format.", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "md");
        var update = new Option<string?>("--update") { Description = "Replace the generated rule table in this Markdown file (between its rules-table markers)." };
        var command = new Command("list", "List every rule: id, name, pack, severity, precision, summary.") { format, update, extra };
        command.SetAction(parse =>
        {
            var rules = Load(parse, extra).Rules.Select(r => r.Descriptor).ToList();
            if (parse.GetValue(update) is { } file)
            {
                if (!File.Exists(file)) throw new UsageException($"no such file: {file}");
                File.WriteAllText(file, WithTable(File.ReadAllText(file), MarkdownTable(rules)));
                Console.Out.WriteLine($"{file}: table of {rules.Count} rules updated");
                return ExitCodes.Ok;
            }
            Console.Out.Write(parse.GetValue(format) == "md" ? MarkdownTable(rules) : TextTable(rules));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Show(Option<string[]> extra)
    {
        var id = new Argument<string>("id") { Description = "Rule id, e.g. SS1001 (or its name)." };
        var command = new Command("show", "Show one rule's descriptor and help.") { id, extra };
        command.SetAction(parse =>
        {
            var wanted = parse.GetValue(id)!;
            var rule = Load(parse, extra).Rules.Select(r => r.Descriptor)
                .FirstOrDefault(d => string.Equals(d.Id, wanted, StringComparison.OrdinalIgnoreCase) || string.Equals(d.Name, wanted, StringComparison.OrdinalIgnoreCase))
                ?? throw new UsageException($"no rule '{wanted}' (see 'skillscan rules list')");
            Console.Out.Write(Describe(rule));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Test(Option<string[]> extra)
    {
        var dir = new Argument<string?>("dir") { Description = "Fixture folder (default: rules/fixtures of this repository).", Arity = ArgumentArity.ZeroOrOne };
        var only = new Option<string?>("--rule") { Description = "Only the fixtures of this rule." };
        var verbose = new Option<bool>("--verbose", "-v") { Description = "Also list rules that pass and notes about fixed known misses." };
        var command = new Command("test", "Run rule fixtures (ruleid:/ok:/todoruleid: annotations); exit 1 on any miss or stray finding.") { dir, only, verbose, extra };
        command.SetAction(parse =>
        {
            var folder = parse.GetValue(dir) ?? FindFixtures() ?? throw new UsageException("no rules/fixtures folder found here or above; pass the fixture folder");
            if (!Directory.Exists(folder)) throw new UsageException($"no such fixture folder: {folder}");
            var report = FixtureRunner.Run(folder, Load(parse, extra), parse.GetValue(only));
            Console.Out.Write(Render(report, parse.GetValue(verbose)));
            return report.Passed ? ExitCodes.Ok : ExitCodes.Findings;
        });
        return command;
    }

    private static Command Facts()
    {
        var path = new Argument<string>("path") { Description = "A skill folder (or any folder of code)." };
        var command = new Command("facts", "Print the facts rules see for a skill: calls with capabilities, arguments, taint; strings (for writing rules).") { path };
        command.SetAction(parse =>
        {
            var folder = parse.GetValue(path)!;
            if (!Directory.Exists(folder)) throw new UsageException($"no such folder: {folder}");
            var options = new SkillScan.Intake.IntakeOptions { ReportRoot = Directory.GetCurrentDirectory() };
            var skill = SkillScan.Intake.SkillLocator.ReadSkill(folder, options);
            var engine = SkillScan.Pipeline.EngineFactory.Create([new FactsDumper()]);
            engine.AnalyzeSkill(skill);
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>A rule that reports nothing and prints the facts of every document (including lowered command lines).</summary>
    private sealed class FactsDumper : IRule
    {
        public RuleDescriptor Descriptor { get; } = new()
        {
            Id = "SS0000", Name = "FactsDump", Pack = "debug", Category = "debug", Severity = Severity.Info,
            Precision = Precision.Low, Summary = "Prints facts.", Help = "Prints facts.",
        };

        public void Analyze(RuleContext context)
        {
            var index = SkillScan.Rules.Matchers.CallIndex.For(context);
            foreach (var doc in context.Analysis.Documents)
            {
                var d = doc.Document;
                Console.Out.WriteLine($"== {d.File.RepoPath} ({d.Language.ToId()}{(d.Description is null ? "" : ", " + d.Description)})");
                foreach (var c in index.In(doc))
                {
                    var at = d.Locate(c.Call.Span).Region;
                    Console.Out.WriteLine($"call L{at.StartLine}:{at.StartColumn} {c.Call.Callee} [{string.Join(",", c.Call.Capabilities)}]{(c.Call.ResolvedVia is { } via ? " via: " + via : "")}{(c.IsSynthetic ? " (lowered)" : "")}");
                    foreach (var input in c.Inputs) Console.Out.WriteLine($"    {input.Key,-8} {input.Role,-7} {Show(input.Value, d)}");
                    if (c.Destination.IsKnown) Console.Out.WriteLine($"    destination {c.Destination.Describe(SkillScan.Rules.Matchers.Indicators.Builtin)}");
                }
                foreach (var s in doc.Facts.Strings)
                {
                    Console.Out.WriteLine($"string L{d.Locate(s.Span).Region.StartLine} {SkillScan.Rules.Matchers.Values.Show(s.Value, 120)}{(s.DecodedBy is null ? "" : " decoded by " + s.DecodedBy)}");
                }
            }
        }

        private static string Show(SkillScan.Semantics.ValueFact v, SourceDocument d)
        {
            var text = $"text={SkillScan.Rules.Matchers.Values.Show(v.Text, 80)}";
            if (v.Constant is { } c) text += $" const={SkillScan.Rules.Matchers.Values.Show(c, 80)}";
            if (v.DecodedBy is { } by) text += $" decodedBy={by}";
            foreach (var t in v.Taint) text += $" taint={t.Kind}:{SkillScan.Rules.Matchers.Values.Show(t.Detail, 60)}@L{t.Document.Locate(t.Span).Region.StartLine}";
            return text;
        }
    }

    /// <summary>rules/fixtures in the current folder or above, else next to the tool's repository.</summary>
    private static string? FindFixtures()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var d = new DirectoryInfo(start); d is not null; d = d.Parent)
            {
                var candidate = Path.Combine(d.FullName, "rules", "fixtures");
                if (Directory.Exists(candidate)) return candidate;
            }
        }
        return null;
    }

    public static string TextTable(IReadOnlyList<RuleDescriptor> rules)
    {
        var sb = new StringBuilder();
        var idW = Math.Max(2, rules.Max(r => r.Id.Length));
        var nameW = Math.Max(4, rules.Max(r => r.Name.Length));
        var packW = Math.Max(4, rules.Max(r => r.Pack.Length));
        sb.AppendLine($"{"ID".PadRight(idW)}  {"NAME".PadRight(nameW)}  {"PACK".PadRight(packW)}  {"SEVERITY",-8}  {"PRECISION",-9}  SUMMARY");
        foreach (var r in rules)
        {
            sb.AppendLine($"{r.Id.PadRight(idW)}  {r.Name.PadRight(nameW)}  {r.Pack.PadRight(packW)}  {r.Severity.ToId(),-8}  {r.Precision.ToId(),-9}  {r.Summary}");
        }
        sb.AppendLine($"{rules.Count} rules in {rules.Select(r => r.Pack).Distinct().Count()} packs.");
        return sb.ToString();
    }

    public const string TableStart = "<!-- rules-table:start (generated by `skillscan rules list --format md --update docs/rules.md`) -->";
    public const string TableEnd = "<!-- rules-table:end -->";

    /// <summary>The document with the text between its table markers replaced.</summary>
    public static string WithTable(string document, string table)
    {
        var start = document.IndexOf(TableStart, StringComparison.Ordinal);
        var end = document.IndexOf(TableEnd, StringComparison.Ordinal);
        if (start < 0 || end < start) throw new UsageException("the file has no rules-table markers");
        return document[..(start + TableStart.Length)] + "\n" + table + document[end..];
    }

    public static string MarkdownTable(IReadOnlyList<RuleDescriptor> rules)
    {
        var sb = new StringBuilder();
        sb.AppendLine("| ID | Name | Pack | Severity | Precision | Languages | Summary |");
        sb.AppendLine("| --- | --- | --- | --- | --- | --- | --- |");
        foreach (var r in rules)
        {
            var languages = r.Languages.Count == 0 ? "any file" : string.Join(", ", r.Languages.Select(l => l.ToId()));
            sb.AppendLine($"| {r.Id} | {r.Name} | {r.Pack} | {r.Severity.ToId()} | {r.Precision.ToId()} | {languages} | {r.Summary.Replace("|", "\\|", StringComparison.Ordinal)} |");
        }
        return sb.ToString();
    }

    public static string Describe(RuleDescriptor r)
    {
        var sb = new StringBuilder();
        sb.AppendLine($"{r.Id} {r.Name}");
        sb.AppendLine($"pack: {r.Pack}    category: {r.Category}    severity: {r.Severity.ToId()} ({r.Severity.SarifLevel()})    precision: {r.Precision.ToId()}");
        sb.AppendLine($"languages: {(r.Languages.Count == 0 ? "any file" : string.Join(", ", r.Languages.Select(l => l.ToId())))}");
        sb.AppendLine($"tags: {string.Join(", ", r.Tags)}");
        if (r.Source is not null) sb.AppendLine($"defined at: {r.Source}");
        sb.AppendLine();
        sb.AppendLine(r.Summary);
        sb.AppendLine();
        sb.AppendLine(r.Help.TrimEnd());
        return sb.ToString();
    }

    public static string Render(FixtureReport report, bool verbose)
    {
        var sb = new StringBuilder();
        foreach (var e in report.Errors) sb.AppendLine($"error  {e.Location}: {e.Message}");
        foreach (var r in report.Rules)
        {
            if (!r.Passed || verbose)
            {
                var todo = r.KnownMisses + r.KnownFalsePositives > 0 ? $", {r.KnownMisses} known miss(es), {r.KnownFalsePositives} known false positive(s)" : "";
                sb.AppendLine($"{(r.Passed ? "pass" : "FAIL")}  {r.RuleId}  {r.Fired}/{r.Expected} fired, {r.QuietKept}/{r.QuietExpected} quiet{todo}  [{string.Join(", ", r.Languages)}]");
            }
            foreach (var p in r.Problems) sb.AppendLine($"      {p.Kind,-6} {p.Location}: {p.Message}");
            if (verbose)
            {
                foreach (var n in r.Notes) sb.AppendLine($"      note   {n.Location}: {n.Message}");
            }
        }
        var passed = report.Rules.Count(r => r.Passed);
        var expected = report.Rules.Sum(r => r.Expected);
        var fired = report.Rules.Sum(r => r.Fired);
        var quiet = report.Rules.Sum(r => r.QuietExpected);
        var kept = report.Rules.Sum(r => r.QuietKept);
        sb.AppendLine($"{passed}/{report.Rules.Count} rules pass; {fired}/{expected} positive and {kept}/{quiet} negative cases; {report.Rules.Sum(r => r.KnownMisses)} known misses.");
        return sb.ToString();
    }
}
