using BenchmarkDotNet.Running;

namespace SkillScan.Benchmarks;

public static class Program
{
    // Every public benchmark class of this assembly is available: pick with --filter, e.g. --filter '*ParseThroughput*'.
    // "overhead [rounds]" runs the interleaved native-vs-binding cross-check instead (see InterleavedParseOverhead),
    // "semantics [rounds]" the interleaved cross-check of SemanticsVsParseBenchmarks (see InterleavedSemanticsVsParse).
    public static int Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "overhead")
        {
            return InterleavedParseOverhead.Run(args);
        }

        if (args.Length > 0 && args[0] == "semantics")
        {
            return InterleavedSemanticsVsParse.Run(args);
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return 0;
    }
}
