using System.Collections.Concurrent;
using SkillScan.TreeSitter;

namespace SkillScan.Benchmarks;

/// <summary>Benchmark inputs: an embedded realistic sample per language, repeated to at least <see cref="TargetBytes"/>.</summary>
public static class ParseInputs
{
    /// <summary>Input size per language: ~80 KB (the samples are 4–5 KB; whole copies only, so slightly more).</summary>
    public const int TargetBytes = 80 * 1024;

    private static readonly ConcurrentDictionary<TsLanguage, byte[]> s_inputs = new();

    /// <summary>The languages the interleaved cross-checks measure, in table order.</summary>
    public static IReadOnlyList<TsLanguage> Languages { get; } = [TsLanguage.JavaScript, TsLanguage.TypeScript, TsLanguage.Python, TsLanguage.Bash];

    public static byte[] Get(TsLanguage language) => s_inputs.GetOrAdd(language, Build);

    public static string SampleName(TsLanguage language) => language switch
    {
        TsLanguage.JavaScript => "sample.js",
        TsLanguage.TypeScript => "sample.ts",
        TsLanguage.Tsx => "sample.ts",
        TsLanguage.Python => "sample.py",
        TsLanguage.Bash => "sample.sh",
        _ => throw new ArgumentOutOfRangeException(nameof(language)),
    };

    private static byte[] Build(TsLanguage language)
    {
        byte[] sample = ReadSample(SampleName(language));
        int copies = (TargetBytes + sample.Length - 1) / sample.Length;
        var input = new byte[sample.Length * copies + copies];
        int at = 0;
        for (int i = 0; i < copies; i++)
        {
            sample.CopyTo(input, at);
            at += sample.Length;
            input[at++] = (byte)'\n';
        }

        return input;
    }

    private static byte[] ReadSample(string name)
    {
        using Stream stream = typeof(ParseInputs).Assembly.GetManifestResourceStream("samples/" + name)
            ?? throw new InvalidOperationException($"Embedded sample '{name}' is missing.");
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }
}
