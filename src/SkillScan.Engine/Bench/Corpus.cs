using SkillScan.Intake;
using SkillScan.Pipeline;

namespace SkillScan.Bench;

/// <summary>One labelled skill of a corpus: its folder and its label.</summary>
/// <param name="Root">Absolute path of the skill folder.</param>
/// <param name="Name">Path of the folder relative to the corpus, '/'-separated (e.g. "malicious/csv-dedupe").</param>
public sealed record CorpusSkill(string Root, string Name, CorpusLabel Label);

/// <summary>
/// A labelled corpus: every folder below the corpus root that holds an <c>expected.yaml</c> is a skill and that
/// file is its label. The label file is left out of the scan (<see cref="IntakeFor"/>), so it cannot sway rules.
/// </summary>
public static class Corpus
{
    /// <summary>How deep below the corpus root label files are looked for.</summary>
    public const int MaxSearchDepth = 8;

    /// <summary>Labelled skills under <paramref name="corpusDir"/>, in ordinal order of their names.</summary>
    public static IReadOnlyList<CorpusSkill> Load(string corpusDir)
    {
        var root = Path.GetFullPath(corpusDir);
        if (!Directory.Exists(root)) throw new DirectoryNotFoundException($"corpus folder not found: {corpusDir}");
        var skipped = new IntakeOptions { ReportRoot = root }.SkippedFolders;
        var skills = new List<CorpusSkill>();
        var stack = new Stack<(string Dir, int Depth)>();
        stack.Push((root, 0));
        while (stack.Count > 0)
        {
            var (dir, depth) = stack.Pop();
            var labelPath = Path.Combine(dir, CorpusLabels.FileName);
            if (FileSystemProbe.Classify(labelPath) == EntryKind.Regular)
            {
                var name = SkillLocator.RepoPath(root, dir);
                skills.Add(new CorpusSkill(dir, name.Length == 0 ? Path.GetFileName(root) : name, CorpusLabels.Load(labelPath)));
                continue; // a skill is a unit: labels inside a skill's own files are its data
            }
            if (depth >= MaxSearchDepth) continue;
            foreach (var sub in Directory.EnumerateDirectories(dir))
            {
                if (skipped.Contains(Path.GetFileName(sub))) continue;
                if (FileSystemProbe.Classify(sub) == EntryKind.Directory) stack.Push((sub, depth + 1));
            }
        }
        skills.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        return skills;
    }

    /// <summary>How to read each corpus skill, keyed by its corpus name.</summary>
    public static IReadOnlyList<SkillSource> Sources(IReadOnlyList<CorpusSkill> skills, string reportRoot)
    {
        var intake = IntakeFor(reportRoot);
        return skills.Select(s => new SkillSource(s.Name, () => SkillLocator.ReadSkill(s.Root, intake))).ToList();
    }

    /// <summary>
    /// The skills of any folder for timing: its labelled skills when it is a corpus, otherwise every skill a scan
    /// of the folder would find.
    /// </summary>
    public static IReadOnlyList<SkillSource> SourcesForSpeed(string dir, string reportRoot)
    {
        var labelled = Load(dir);
        return labelled.Count > 0 ? Sources(labelled, reportRoot) : ScanRunner.FromFolders([dir], IntakeFor(reportRoot));
    }

    /// <summary>Intake options for scanning corpus skills: as a scan would, minus the label files.</summary>
    public static IntakeOptions IntakeFor(string reportRoot) => new()
    {
        ReportRoot = Path.GetFullPath(reportRoot),
        IgnoredFileNames = new HashSet<string>(StringComparer.Ordinal) { CorpusLabels.FileName },
    };
}
