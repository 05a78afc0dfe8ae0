using BenchmarkDotNet.Running;

namespace SkillScan.Benchmarks;

public static class Program
{
    // Every public benchmark class of this assembly is available: pick with --filter, e.g. --filter '*ParseThroughput*'.
    // "overhead [rounds]" runs the interleaved native-vs-binding cross-check instead (see InterleavedParseOverhead).
    public static int Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "overhead")
        {
            return InterleavedParseOverhead.Run(args);
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return 0;
    }
}
