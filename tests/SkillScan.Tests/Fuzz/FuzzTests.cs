using Xunit.Abstractions;

namespace SkillScan.Tests.Fuzz;

/// <summary>
/// Bounded fuzz run of the whole engine. Defaults: 45 s, seed 20260101. SKILLSCAN_FUZZ_SECONDS runs longer,
/// SKILLSCAN_FUZZ_SEED picks another seed; a failure names the saved input and how to replay it.
/// </summary>
public sealed class FuzzTests(ITestOutputHelper output)
{
    private static int EnvInt(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), out var v) && v > 0 ? v : fallback;

    [Fact]
    public void EngineSurvivesRandomAndMutatedCorpusInput()
    {
        var seconds = EnvInt("SKILLSCAN_FUZZ_SECONDS", 45);
        var runSeed = EnvInt("SKILLSCAN_FUZZ_SEED", 20260101);
        using var fuzzer = new SkillFuzzer(SkillFuzzer.CorpusSeeds(TestRepo.PathOf("corpus")));

        var (iterations, failure) = fuzzer.Run(runSeed, TimeSpan.FromSeconds(seconds));

        output.WriteLine($"fuzz: seed {runSeed}, {iterations} iterations in {seconds} s budget");
        Assert.True(iterations > 0, "the fuzzer ran no iteration");
        Assert.True(failure is null,
            failure is null ? "" : $"fuzz {failure.Kind} at seed {runSeed} iteration {failure.Iteration}; input saved in {failure.SavedInput}; " +
                                   $"replay with SkillFuzzer.RunOne({runSeed}, {failure.Iteration}).\n{failure.Detail}");
    }

    [Fact]
    public void SameSeedAndIterationBuildTheSameInput()
    {
        var dir = Directory.CreateTempSubdirectory("skillscan-fuzz-repro-").FullName;
        try
        {
            // A fuzzer that reports everything as a hang saves every input, so two runs can be compared byte for byte.
            using var a = new SkillFuzzer(SkillFuzzer.CorpusSeeds(TestRepo.PathOf("corpus"))) { HangThreshold = TimeSpan.Zero, FailureFolder = Path.Combine(dir, "a") };
            using var b = new SkillFuzzer(SkillFuzzer.CorpusSeeds(TestRepo.PathOf("corpus"))) { HangThreshold = TimeSpan.Zero, FailureFolder = Path.Combine(dir, "b") };
            var fa = a.RunOne(7, 3);
            var fb = b.RunOne(7, 3);

            Assert.NotNull(fa);
            Assert.NotNull(fb);
            var filesA = Directory.GetFiles(fa.SavedInput).Order(StringComparer.Ordinal).ToList();
            var filesB = Directory.GetFiles(fb.SavedInput).Order(StringComparer.Ordinal).ToList();
            Assert.Equal(filesA.Select(Path.GetFileName), filesB.Select(Path.GetFileName));
            Assert.All(filesA.Zip(filesB), p => Assert.Equal(File.ReadAllBytes(p.First), File.ReadAllBytes(p.Second)));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
