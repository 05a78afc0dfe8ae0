using System.Diagnostics;
using System.Runtime.InteropServices;

namespace SkillScan.Pipeline;

/// <summary>
/// Timestamps for <see cref="StageTimings"/>, in <see cref="Stopwatch"/> ticks. When `bench speed` collects timings
/// it reads the calling thread's CPU time (Linux `CLOCK_THREAD_CPUTIME_ID`): on a shared machine another process
/// taking the core stretches wall time but not the thread's CPU time, so the (semantics + rules) / parse ratio holds
/// from run to run. A call costs about a microsecond (a system call), so it is used per stage, never per rule;
/// ordinary scans and other systems use the wall clock.
/// </summary>
internal static partial class StageClock
{
    private const int ClockThreadCpuTime = 3; // CLOCK_THREAD_CPUTIME_ID

    private static readonly bool CpuClockWorks = OperatingSystem.IsLinux() && TryCpuNanoseconds(out _);

    /// <summary>The thread's CPU time if <paramref name="cpu"/> and the OS gives it, else the wall clock.</summary>
    public static long Now(bool cpu) =>
        cpu && CpuClockWorks && TryCpuNanoseconds(out var ns) ? (long)(ns * (Stopwatch.Frequency / 1e9)) : Stopwatch.GetTimestamp();

    /// <summary>Whether <see cref="Now"/> with cpu = true reads CPU time here (what `bench speed` reports it measured).</summary>
    public static bool MeasuresCpuTime => CpuClockWorks;

    private static bool TryCpuNanoseconds(out long nanoseconds)
    {
        try
        {
            if (clock_gettime(ClockThreadCpuTime, out var ts) == 0)
            {
                nanoseconds = ts.Seconds * 1_000_000_000L + ts.Nanoseconds;
                return true;
            }
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
        }
        nanoseconds = 0;
        return false;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [LibraryImport("libc", SetLastError = false)]
    private static partial int clock_gettime(int clockId, out TimeSpec time);
}
