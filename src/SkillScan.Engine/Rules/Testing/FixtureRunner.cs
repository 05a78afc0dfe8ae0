using System.Text.RegularExpressions;
using SkillScan.Findings;
using SkillScan.Intake;
using SkillScan.Model;
using SkillScan.Pipeline;

namespace SkillScan.Rules.Testing;

/// <summary>What an annotation expects on the line after it (or anywhere in a named file).</summary>
public enum ExpectationKind
{
    /// <summary>`ruleid:` — the rule must fire.</summary>
    Fires,

    /// <summary>`ok:` — the rule must not fire.</summary>
    Quiet,

    /// <summary>`todoruleid:` — the rule should fire but is known not to (a documented miss).</summary>
    KnownMiss,

    /// <summary>`todook:` — the rule should be quiet but is known to fire (a documented false positive).</summary>
    KnownFalsePositive,
}

/// <summary>One annotation: which rule, what is expected, and where.</summary>
/// <param name="TargetFile">Repo path of the file the expectation is about.</param>
/// <param name="TargetLine">The line the finding must (not) start on; null for "anywhere in the file" (`@ path`).</param>
public sealed record Expectation(string RuleId, ExpectationKind Kind, string TargetFile, int? TargetLine, string AnnotationFile, int AnnotationLine, Language Language);

/// <summary>A fixture failure: a missed finding, a stray one, or an annotation that cannot be used.</summary>
public sealed record FixtureProblem(string RuleId, string Kind, string Location, string Message);

/// <summary>Per-rule results of running its fixtures.</summary>
public sealed class RuleFixtureResult
{
    public required string RuleId { get; init; }

    /// <summary>`ruleid:` annotations and how many of them fired.</summary>
    public int Expected { get; set; }

    public int Fired { get; set; }

    /// <summary>`ok:` annotations and how many stayed quiet.</summary>
    public int QuietExpected { get; set; }

    public int QuietKept { get; set; }

    public int KnownMisses { get; set; }

    public int KnownFalsePositives { get; set; }

    /// <summary>Languages of the files holding this rule's annotations.</summary>
    public SortedSet<string> Languages { get; } = new(StringComparer.Ordinal);

    public List<FixtureProblem> Problems { get; } = new();

    /// <summary>Known misses that now fire: worth updating the annotation (not a failure).</summary>
    public List<FixtureProblem> Notes { get; } = new();

    public bool Passed => Problems.Count == 0 && Expected > 0;
}

public sealed class FixtureReport
{
    public List<RuleFixtureResult> Rules { get; } = new();

    /// <summary>Folder-level problems (rule id unknown, no annotations).</summary>
    public List<FixtureProblem> Errors { get; } = new();

    public bool Passed => Errors.Count == 0 && Rules.All(r => r.Passed);

    public IEnumerable<FixtureProblem> AllProblems => Errors.Concat(Rules.SelectMany(r => r.Problems));
}

/// <summary>
/// Runs rule fixtures the way linters test rules: every folder under the fixtures root is named after a rule
/// (rules/fixtures/SS1101/), is scanned as one skill (or, when it has sub-folders holding SKILL.md, as one
/// skill per sub-folder), and its files say in comments what must happen on the next line:
/// <c># ruleid: SS1101</c> (must fire), <c># ok: SS1101</c> (must not), <c># todoruleid: SS1101</c> (a
/// documented miss), <c># todook: SS1101</c> (a documented false positive). Several ids may be listed
/// (<c>ruleid: SS1201, SS1203</c>); stacked annotation lines apply to the next line that is not one.
/// <c>ruleid: SS2001 @ bin/tool</c> expects a finding anywhere in that file (for binaries, which cannot hold
/// comments). Every finding of a checked rule (the folder's rule and any rule annotated in it) must be on an
/// annotated line.
/// </summary>
public static class FixtureRunner
{
    private static readonly Regex Annotation = new(
        @"\b(?<kind>todoruleid|ruleid|todook|ok):\s*(?<ids>[A-Z]{2,}\d{3,5}(?:\s*,\s*[A-Z]{2,}\d{3,5})*)(?:\s*@\s*(?<file>[^\s>]+))?",
        RegexOptions.CultureInvariant);

    private static readonly Regex RuleIdFolder = new(@"^[A-Z]{2,}\d{3,5}$", RegexOptions.CultureInvariant);

    public static FixtureReport Run(string fixturesRoot, RuleSet rules, string? onlyRule = null, CancellationToken ct = default)
    {
        var root = Path.GetFullPath(fixturesRoot);
        var report = new FixtureReport();
        if (!Directory.Exists(root))
        {
            report.Errors.Add(new FixtureProblem("-", "missing", root, $"fixture folder not found: {root}"));
            return report;
        }
        var known = rules.Rules.Select(r => r.Descriptor.Id).ToHashSet(StringComparer.Ordinal);
        var engine = EngineFactory.Create(rules.Rules);
        var options = new IntakeOptions { ReportRoot = root };
        var results = new SortedDictionary<string, RuleFixtureResult>(StringComparer.Ordinal);

        foreach (var folder in Directory.EnumerateDirectories(root).Order(StringComparer.Ordinal))
        {
            var folderRule = Path.GetFileName(folder);
            if (onlyRule is not null && folderRule != onlyRule) continue;
            if (!RuleIdFolder.IsMatch(folderRule))
            {
                report.Errors.Add(new FixtureProblem(folderRule, "folder", folderRule, "fixture folders are named after a rule id (SS1234)"));
                continue;
            }
            if (!known.Contains(folderRule))
            {
                report.Errors.Add(new FixtureProblem(folderRule, "unknown-rule", folderRule, $"no rule {folderRule} is loaded"));
                continue;
            }
            foreach (var skillRoot in SkillRoots(folder, options))
            {
                ct.ThrowIfCancellationRequested();
                var skill = SkillLocator.ReadSkill(skillRoot, options);
                var expectations = Annotations(skill);
                var checkedRules = expectations.Select(e => e.RuleId).Append(folderRule).ToHashSet(StringComparer.Ordinal);
                foreach (var id in checkedRules.Where(id => !known.Contains(id)))
                {
                    var e = expectations.First(x => x.RuleId == id);
                    report.Errors.Add(new FixtureProblem(id, "unknown-rule", $"{e.AnnotationFile}:{e.AnnotationLine}", $"annotation names rule {id}, which is not loaded"));
                }
                var result = engine.AnalyzeSkill(skill, ct);
                foreach (var id in checkedRules.Where(known.Contains))
                {
                    if (!results.TryGetValue(id, out var r)) results[id] = r = new RuleFixtureResult { RuleId = id };
                    Check(r, expectations.Where(e => e.RuleId == id).ToList(), result.Findings.Where(f => f.Rule.Id == id).ToList());
                }
                foreach (var n in result.Notifications.Where(n => n.Id is "rule-failed"))
                {
                    report.Errors.Add(new FixtureProblem(folderRule, "rule-failed", n.RepoPath ?? skill.RootRepoPath, n.Message));
                }
            }
        }
        foreach (var r in results.Values)
        {
            if (r.Expected == 0 && (onlyRule is null || r.RuleId == onlyRule) && r.Problems.Count == 0)
            {
                r.Problems.Add(new FixtureProblem(r.RuleId, "no-positive", r.RuleId, "no `ruleid:` annotation: every rule needs at least one positive fixture"));
            }
            report.Rules.Add(r);
        }
        return report;
    }

    /// <summary>A fixture folder is one skill, unless sub-folders hold SKILL.md: then each of those is one.</summary>
    private static IEnumerable<string> SkillRoots(string folder, IntakeOptions options)
    {
        if (File.Exists(Path.Combine(folder, "SKILL.md"))) return [folder];
        var roots = SkillLocator.FindSkillRoots(folder, options);
        return roots;
    }

    /// <summary>Every annotation in the skill's text files.</summary>
    public static List<Expectation> Annotations(Skill skill)
    {
        var result = new List<Expectation>();
        foreach (var file in skill.Files)
        {
            if (file.Language == Language.Binary) continue;
            var lines = file.Text.ReplaceLineEndings("\n").Split('\n');
            var pending = new List<(string Id, ExpectationKind Kind, int Line)>();
            for (var i = 0; i < lines.Length; i++)
            {
                var matches = Annotation.Matches(lines[i]);
                if (matches.Count == 0)
                {
                    // Stacked annotations apply to the next line with content.
                    if (pending.Count > 0 && lines[i].Trim().Length > 0) Emit(pending, file, i + 1);
                    continue;
                }
                foreach (Match m in matches)
                {
                    var kind = m.Groups["kind"].Value switch
                    {
                        "ruleid" => ExpectationKind.Fires,
                        "ok" => ExpectationKind.Quiet,
                        "todoruleid" => ExpectationKind.KnownMiss,
                        _ => ExpectationKind.KnownFalsePositive,
                    };
                    var ids = m.Groups["ids"].Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
                    if (m.Groups["file"].Success)
                    {
                        var target = Combine(skill.RootRepoPath, m.Groups["file"].Value);
                        foreach (var id in ids) result.Add(new Expectation(id, kind, target, null, file.RepoPath, i + 1, LanguageOf(skill, target)));
                    }
                    else
                    {
                        foreach (var id in ids) pending.Add((id, kind, i + 1));
                    }
                }
                // An annotation trailing code applies to its own line.
                if (!IsAnnotationOnly(lines[i]) && pending.Count > 0) Emit(pending, file, i + 1);
            }
        }
        return result;

        void Emit(List<(string Id, ExpectationKind Kind, int Line)> pending, SkillFile file, int target)
        {
            foreach (var p in pending) result.Add(new Expectation(p.Id, p.Kind, file.RepoPath, target, file.RepoPath, p.Line, file.Language));
            pending.Clear();
        }
    }

    /// <summary>
    /// A comment line holding annotations (and perhaps why: `# todoruleid: SS1004 (reason)`) applies to the next
    /// line; an annotation after code (`x = 1  # ok: SS1101`) applies to its own line.
    /// </summary>
    private static bool IsAnnotationOnly(string line)
    {
        var t = line.TrimStart();
        return t.StartsWith('#') || t.StartsWith("//", StringComparison.Ordinal) || t.StartsWith("<!--", StringComparison.Ordinal)
            || t.StartsWith("/*", StringComparison.Ordinal) || t.StartsWith('*') || t.StartsWith("--", StringComparison.Ordinal)
            || t.StartsWith(';') || t.StartsWith('\'') || t.StartsWith("REM ", StringComparison.OrdinalIgnoreCase);
    }

    private static string Combine(string root, string relative) => root.Length == 0 ? relative : root + "/" + relative.TrimStart('/');

    private static Language LanguageOf(Skill skill, string repoPath) =>
        skill.Files.FirstOrDefault(f => f.RepoPath == repoPath)?.Language ?? Language.Unknown;

    private static void Check(RuleFixtureResult r, List<Expectation> expectations, List<Finding> findings)
    {
        var byLine = findings.GroupBy(f => (f.Location.RepoPath, f.Location.Region.StartLine)).ToDictionary(g => g.Key, g => g.First());
        var accounted = new HashSet<(string, int)>();
        foreach (var e in expectations)
        {
            r.Languages.Add(e.Language.ToId());
            var hits = e.TargetLine is { } line
                ? byLine.Where(kv => kv.Key.RepoPath == e.TargetFile && kv.Key.StartLine == line).Select(kv => kv.Key).ToList()
                : byLine.Where(kv => kv.Key.RepoPath == e.TargetFile).Select(kv => kv.Key).ToList();
            var where = e.TargetLine is { } l ? $"{e.TargetFile}:{l}" : e.TargetFile;
            switch (e.Kind)
            {
                case ExpectationKind.Fires:
                    r.Expected++;
                    if (hits.Count > 0)
                    {
                        r.Fired++;
                        accounted.UnionWith(hits);
                    }
                    else
                    {
                        r.Problems.Add(new FixtureProblem(r.RuleId, "miss", where, $"expected {r.RuleId} to fire (annotation at {e.AnnotationFile}:{e.AnnotationLine})"));
                    }
                    break;
                case ExpectationKind.Quiet:
                    r.QuietExpected++;
                    if (hits.Count == 0) r.QuietKept++;
                    else
                    {
                        accounted.UnionWith(hits);
                        r.Problems.Add(new FixtureProblem(r.RuleId, "stray", where, $"{r.RuleId} must not fire here: {byLine[hits[0]].Message}"));
                    }
                    break;
                case ExpectationKind.KnownMiss:
                    r.KnownMisses++;
                    if (hits.Count > 0)
                    {
                        accounted.UnionWith(hits);
                        r.Notes.Add(new FixtureProblem(r.RuleId, "todo-fixed", where, $"known miss now fires: change `todoruleid` to `ruleid` (annotation at {e.AnnotationFile}:{e.AnnotationLine})"));
                    }
                    break;
                case ExpectationKind.KnownFalsePositive:
                    r.KnownFalsePositives++;
                    accounted.UnionWith(hits);
                    break;
            }
        }
        foreach (var (key, f) in byLine)
        {
            if (accounted.Contains(key)) continue;
            r.Problems.Add(new FixtureProblem(r.RuleId, "stray", $"{key.RepoPath}:{key.StartLine}", $"unexpected {r.RuleId} finding: {f.Message}"));
        }
    }
}
