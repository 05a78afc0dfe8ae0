using System.Globalization;
using System.Text;
using SkillScan.Model;

namespace SkillScan.Bench;

/// <summary>What a benchmark was run on and how, printed above its numbers.</summary>
/// <param name="Corpus">The corpus folder as given on the command line.</param>
/// <param name="Command">The command that reproduces the numbers.</param>
public sealed record BenchContext(string Corpus, string Command, MachineInfo Machine);

/// <summary>Renders the accuracy and speed sections of docs/benchmarks.md.</summary>
public static class BenchMarkdown
{
    public static string Accuracy(AccuracyReport report, BenchContext context)
    {
        var sb = new StringBuilder();
        var o = report.Overall;
        var knownRules = report.Rules.Where(r => r.Known).ToList();
        sb.AppendLine("## Accuracy").AppendLine();
        sb.AppendLine(Inv($"Measured {context.Machine.DateText} with SkillScan {context.Machine.ToolVersion} on {context.Machine.Describe()}."));
        sb.AppendLine(Inv($"Corpus `{context.Corpus}`: {o.Malicious + o.Benign} skills ({o.Malicious} malicious, {o.Benign} benign); {knownRules.Count} rules in {report.Packs.Count} packs."));
        sb.AppendLine(Inv($"Command: `{context.Command}`.")).AppendLine();
        sb.AppendLine(report.GatePasses
            ? "**Gate: passes** — every malicious skill is blocked and no benign skill is blocked."
            : Inv($"**Gate: fails** — {report.UnblockedMalicious.Count} malicious skill(s) not blocked, {report.BlockedBenign.Count} benign skill(s) blocked (lists below)."));
        sb.AppendLine();

        sb.AppendLine("### Skill level").AppendLine();
        sb.AppendLine("| skills | malicious | benign | recall at block | FP rate at block | recall at review | FP rate at review |");
        sb.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
        RatesRow(sb, "all", o);
        foreach (var (surface, rates) in report.BySurface) RatesRow(sb, $"surface `{SurfaceId(surface)}`", rates);
        sb.AppendLine();

        sb.AppendLine("### Per pack").AppendLine();
        sb.AppendLine("Rule counts are summed over the pack's rules. The skill-level columns judge each skill by this pack's findings alone; " +
            "the malicious skills counted are those whose `must` names a rule of the pack, the benign ones are all benign skills.").AppendLine();
        sb.AppendLine("| pack | rules | TP | FP | FN | precision | recall | F1 | malicious | recall at block | FP rate at block | recall at review | FP rate at review |");
        sb.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var p in report.Packs)
        {
            sb.AppendLine(Inv($"| {p.Pack} | {p.RuleCount} | {p.Counts.Tp} | {p.Counts.Fp} | {p.Counts.Fn} | {Score(p.Counts.Precision)} | {Score(p.Counts.Recall)} | {Score(p.Counts.F1)} | {p.Skills.Malicious} | {Percent(p.Skills.RecallAtBlock)} | {Percent(p.Skills.FprAtBlock)} | {Percent(p.Skills.RecallAtReview)} | {Percent(p.Skills.FprAtReview)} |"));
        }
        sb.AppendLine();

        sb.AppendLine("### Per rule").AppendLine();
        sb.AppendLine("`other`: skills where the rule fired without its label naming it (not scored).").AppendLine();
        sb.AppendLine("| rule | name | pack | severity | TP | FP | FN | precision | recall | F1 | other |");
        sb.AppendLine("| --- | --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var r in report.Rules)
        {
            var name = r.Known ? r.Name : "*not defined by any loaded pack*";
            var severity = r.Known ? r.Severity.ToId() : "";
            sb.AppendLine(Inv($"| {r.Id} | {name} | {r.Pack} | {severity} | {r.Counts.Tp} | {r.Counts.Fp} | {r.Counts.Fn} | {Score(r.Counts.Precision)} | {Score(r.Counts.Recall)} | {Score(r.Counts.F1)} | {r.Other} |"));
        }
        sb.AppendLine();

        sb.AppendLine(Inv($"### Malicious skills not blocked ({report.UnblockedMalicious.Count})")).AppendLine();
        if (report.UnblockedMalicious.Count == 0) sb.AppendLine("None.");
        else
        {
            sb.AppendLine("| skill | verdict | technique | what fired |");
            sb.AppendLine("| --- | --- | --- | --- |");
            foreach (var s in report.UnblockedMalicious)
            {
                sb.AppendLine($"| `{s.Skill}` | {s.Actual.ToId()} | {Cell(s.Technique)} | {FiredSummary(s.Hits)} |");
            }
        }
        sb.AppendLine();

        sb.AppendLine(Inv($"### Benign skills blocked ({report.BlockedBenign.Count})")).AppendLine();
        if (report.BlockedBenign.Count == 0) sb.AppendLine("None.");
        else
        {
            sb.AppendLine("| skill | expected | error-level findings |");
            sb.AppendLine("| --- | --- | --- |");
            foreach (var s in report.BlockedBenign)
            {
                sb.AppendLine($"| `{s.Skill}` | {s.Expected.ToId()} | {string.Join("<br>", s.Hits.Select(HitText))} |");
            }
        }
        sb.AppendLine();

        sb.AppendLine(Inv($"### Misses: labelled rules that did not fire ({report.Misses.Count})")).AppendLine();
        if (report.Misses.Count == 0) sb.AppendLine("None.");
        else
        {
            sb.AppendLine("| rule | skills |");
            sb.AppendLine("| --- | --- |");
            foreach (var g in report.Misses.GroupBy(m => m.RuleId, StringComparer.Ordinal))
            {
                sb.AppendLine($"| {g.Key} | {string.Join(", ", g.Select(m => $"`{m.Skill}`"))} |");
            }
        }
        sb.AppendLine();

        sb.AppendLine(Inv($"### Stray hits: false positives ({report.StrayHits.Count})")).AppendLine();
        if (report.StrayHits.Count == 0) sb.AppendLine("None.");
        else
        {
            sb.AppendLine("| rule | skill | why | finding |");
            sb.AppendLine("| --- | --- | --- | --- |");
            foreach (var s in report.StrayHits)
            {
                var why = s.Reason == StrayReason.MustNot ? "listed in `mustNot`" : "error level on a benign skill";
                sb.AppendLine($"| {s.RuleId} | `{s.Skill}` | {why} | {HitText(s.Hit)} |");
            }
        }
        sb.AppendLine();

        var listed = report.UnblockedMalicious.Concat(report.BlockedBenign).Select(s => s.Skill).ToHashSet(StringComparer.Ordinal);
        var otherMismatches = report.VerdictMismatches.Where(m => !listed.Contains(m.Skill)).ToList();
        sb.AppendLine(Inv($"### Other verdicts that differ from the label ({otherMismatches.Count})")).AppendLine();
        if (otherMismatches.Count == 0) sb.AppendLine("None.");
        else
        {
            sb.AppendLine("| skill | expected | actual | what fired |");
            sb.AppendLine("| --- | --- | --- | --- |");
            foreach (var s in otherMismatches)
            {
                sb.AppendLine($"| `{s.Skill}` | {s.Expected.ToId()} | {s.Actual.ToId()} | {FiredSummary(s.Hits)} |");
            }
        }
        sb.AppendLine();

        sb.AppendLine(Inv($"### Rules without a true positive ({report.RulesWithoutTruePositive.Count})")).AppendLine();
        sb.AppendLine(report.RulesWithoutTruePositive.Count == 0 ? "None: every rule fires on at least one skill that expects it." : string.Join(", ", report.RulesWithoutTruePositive));
        sb.AppendLine();
        if (report.UnknownRuleIds.Count > 0)
        {
            sb.AppendLine(Inv($"### Rule ids in labels that no pack defines ({report.UnknownRuleIds.Count})")).AppendLine();
            sb.AppendLine(string.Join(", ", report.UnknownRuleIds)).AppendLine();
        }

        sb.AppendLine("### Definitions").AppendLine();
        sb.AppendLine("""
            Each corpus skill has a label (`expected.yaml`: `label`, `verdict`, `must`, `mustNot`); the label file itself is
            left out of the scan. A rule *fires on a skill* when it reports at least one unsuppressed finding anywhere in it,
            derived documents included (SKILL.md code blocks, decoded payloads); a rule is counted once per skill. Per rule:

            - **TP** — the skill lists the rule in `must` and it fires (on a benign skill: only below error level).
            - **FN** — the skill lists the rule in `must` and it does not fire.
            - **FP** — the rule fires and the skill lists it in `mustNot`, or it fires at error level (critical/high) on a
              benign skill — even one that lists it in `must`, since benign labels expect a rule's medium/low form.
            - **other** — the rule fires on a skill whose label does not name it (and it is not an FP): reported, not scored.
            - precision = TP / (TP + FP), recall = TP / (TP + FN), F1 = 2·P·R / (P + R); "—" when undefined (0/0).

            Skill level: the verdict is the install gate's under the default policy — **block** on any critical/high finding,
            **review** on any medium one or when the scan was incomplete, **pass** otherwise; `skillscan-ignore` comments
            inside a skill are not honoured (its author cannot vouch for it). Recall at block = malicious skills blocked /
            malicious skills; FP rate at block = benign skills blocked / benign skills; "at review" counts review or block.
            The CI gate (`tests/SkillScan.Tests/Bench/CorpusGateTests.cs`) fails when a malicious skill is not blocked or a
            benign skill is blocked.
            """);
        return sb.ToString();
    }

    public static string Speed(SpeedReport report, BenchContext context)
    {
        var sb = new StringBuilder();
        var stages = report.Stages;
        sb.AppendLine("## Speed").AppendLine();
        sb.AppendLine(Inv($"Measured {context.Machine.DateText} with SkillScan {context.Machine.ToolVersion} on {context.Machine.Describe()}."));
        sb.AppendLine(Inv($"Input: `{context.Corpus}`, {report.Skills} skills, {report.Files} files, {Megabytes(report.InputBytes)}; {report.Threads} thread(s); one warm-up pass, then {report.Iterations} measured pass(es)."));
        sb.AppendLine(Inv($"Command: `{context.Command}`.")).AppendLine();
        if (context.Machine.LoadAverage is { } load && load > context.Machine.Cores)
        {
            sb.AppendLine(Inv($"> **The machine was shared** (load average {load:0.0} on {context.Machine.Cores} cores): times are inflated; ratios between stages are more telling than absolute figures.")).AppendLine();
        }

        sb.AppendLine("### End to end").AppendLine();
        sb.AppendLine("| wall time per pass (median) | skills per second | MB per second | peak working set | managed allocations per pass |");
        sb.AppendLine("| ---: | ---: | ---: | ---: | ---: |");
        sb.AppendLine(Inv($"| {report.Wall.TotalMilliseconds:0} ms | {report.SkillsPerSecond:0.0} | {report.MegabytesPerSecond:0.00} | {Megabytes(report.PeakWorkingSetBytes)} | {Megabytes(report.AllocatedBytesPerPass)} |"));
        sb.AppendLine();
        sb.AppendLine("Wall time covers intake (reading files), parsing, semantics and rules on all threads. The peak working set is the process's, runtime included.").AppendLine();

        sb.AppendLine("### Stages").AppendLine();
        sb.AppendLine(Pipeline.StageClock.MeasuresCpuTime
            ? "CPU time of the analysing threads per pass, summed over skills and threads: other load on the machine does not stretch it, so the ratio holds on a shared machine. Parse time includes derived documents."
            : "Time per pass summed over skills and threads (so it can exceed the wall time). Parse time includes derived documents.").AppendLine();
        sb.AppendLine("| parse | semantics | rules | (semantics + rules) / parse | target |");
        sb.AppendLine("| ---: | ---: | ---: | ---: | --- |");
        var ratio = stages.AnalysisOverParse;
        var verdict = ratio is null ? "—" : ratio <= 1 ? "≤ 1× — met" : "≤ 1× — **not met**";
        sb.AppendLine(Inv($"| {Ms(stages.ParseSeconds)} | {Ms(stages.SemanticsSeconds)} | {Ms(stages.RulesSeconds)} | {(ratio is null ? "—" : ratio.Value.ToString("0.00", CultureInfo.InvariantCulture) + "×")} | {verdict} |"));
        sb.AppendLine();

        sb.AppendLine("### Parse throughput per language").AppendLine();
        sb.AppendLine("Files as read (not derived documents); small files make this lower than the parser's steady-state speed (see the BenchmarkDotNet suites).").AppendLine();
        sb.AppendLine("| language | bytes | parse time | MB/s |");
        sb.AppendLine("| --- | ---: | ---: | ---: |");
        foreach (var l in report.Languages)
        {
            sb.AppendLine(Inv($"| {l.Language.ToId()} | {l.Bytes:N0} | {Ms(l.ParseSeconds)} | {(l.MegabytesPerSecond is { } m ? m.ToString("0.00", CultureInfo.InvariantCulture) : "—")} |"));
        }
        sb.AppendLine();

        var top = report.TopRules();
        sb.AppendLine(top.Count > 0 ? Inv($"### The {top.Count} most costly rules") : "### The most costly rules").AppendLine();
        if (top.Count == 0) sb.AppendLine("No rule ran.");
        else
        {
            sb.AppendLine("Wall time of each rule per pass (a CPU clock costs a system call, too much per rule); read the shares.").AppendLine();
            sb.AppendLine("| rule | name | time per pass | share of rules time |");
            sb.AppendLine("| --- | --- | ---: | ---: |");
            foreach (var r in top) sb.AppendLine(Inv($"| {r.Id} | {r.Name} | {Ms(r.Seconds)} | {r.Share * 100:0.0}% |"));
        }
        sb.AppendLine();

        sb.AppendLine("### BenchmarkDotNet suites").AppendLine();
        sb.AppendLine("""
            Steady-state measurements live in `benchmarks/SkillScan.Benchmarks` (run with
            `dotnet run -c Release --project benchmarks/SkillScan.Benchmarks -- --filter '*Name*'`):
            `ParseThroughputBenchmarks` (binding against tree-sitter's C library), `SemanticsVsParseBenchmarks`
            (parse, parse + semantics, parse + semantics + rules on the same input per language), `RulesCostBenchmarks`
            (the corpus analysed with no rules, each pack, and all rules) and `EndToEndBenchmarks` (the corpus from disk
            with one thread and with all cores).
            """);
        return sb.ToString();
    }

    private static void RatesRow(StringBuilder sb, string name, SkillRates r) =>
        sb.AppendLine(Inv($"| {name} | {r.Malicious} | {r.Benign} | {Percent(r.RecallAtBlock)} | {Percent(r.FprAtBlock)} | {Percent(r.RecallAtReview)} | {Percent(r.FprAtReview)} |"));

    internal static string SurfaceId(SkillSurface s) => s == SkillSurface.SkillMd ? "skillmd" : "code";

    private static string FiredSummary(IReadOnlyList<RuleHit> hits) =>
        hits.Count == 0 ? "nothing" : string.Join(", ", hits.GroupBy(h => h.RuleId, StringComparer.Ordinal)
            .Select(g => $"{g.Key} ({g.Max(h => h.Severity).ToId()})"));

    private static string HitText(RuleHit h) =>
        Inv($"{h.RuleId} {h.Severity.ToId()} at `{h.Location.RepoPath}:{h.Location.Region.StartLine}`: {Cell(h.Message)}");

    /// <summary>Text safe inside a table cell: one line, no pipes, no raw HTML, bounded.</summary>
    internal static string Cell(string text)
    {
        var line = text.ReplaceLineEndings(" ").Replace("|", "\\|").Replace("<", "&lt;").Replace(">", "&gt;");
        return line.Length <= 200 ? line : line[..199] + "…";
    }

    private static string Percent(Rate r) =>
        r.Fraction is { } f ? Inv($"{f * 100:0.0}% ({r.Count}/{r.Total})") : "—";

    private static string Score(double? v) => v is { } d ? d.ToString("0.00", CultureInfo.InvariantCulture) : "—";

    private static string Ms(double seconds) => Inv($"{seconds * 1000:0.0} ms");

    private static string Megabytes(long bytes) => Inv($"{bytes / 1e6:0.0} MB");

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
