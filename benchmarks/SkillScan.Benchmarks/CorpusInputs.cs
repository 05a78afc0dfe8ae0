using SkillScan.Bench;
using SkillScan.Intake;
using SkillScan.Model;

namespace SkillScan.Benchmarks;

/// <summary>
/// The repository's labelled corpus (corpus/) as benchmark input: found by walking up from the benchmark binary to
/// the folder holding SkillScan.sln, or given with SKILLSCAN_BENCH_CORPUS.
/// </summary>
public static class CorpusInputs
{
    public static string RepoRoot { get; } = FindRepoRoot();

    public static string CorpusDir => Environment.GetEnvironmentVariable("SKILLSCAN_BENCH_CORPUS") is { Length: > 0 } dir
        ? Path.GetFullPath(dir)
        : Path.Combine(RepoRoot, "corpus");

    public static IReadOnlyList<CorpusSkill> Labelled() => Corpus.Load(CorpusDir);

    /// <summary>Every corpus skill read into memory once (label files left out), for benchmarks that exclude intake.</summary>
    public static IReadOnlyList<Skill> InMemory()
    {
        var intake = Corpus.IntakeFor(RepoRoot);
        return Labelled().Select(s => SkillLocator.ReadSkill(s.Root, intake)).ToList();
    }

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "SkillScan.sln"))) return dir.FullName;
        }
        return Directory.GetCurrentDirectory();
    }
}
