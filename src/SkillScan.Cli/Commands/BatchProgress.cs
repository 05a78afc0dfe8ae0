using System.Diagnostics;
using Spectre.Console;
using SkillScan.Model;
using SkillScan.Pipeline;

namespace SkillScan.Cli.Commands;

/// <summary>
/// Progress of a batch on stderr (stdout keeps the report): a Spectre.Console bar with ETA on a terminal, plain
/// lines every few seconds otherwise (CI logs), nothing for a single skill or with --progress none.
/// </summary>
internal static class BatchProgress
{
    private static readonly TimeSpan LineInterval = TimeSpan.FromSeconds(5);

    public static T Run<T>(string mode, int total, Func<Action<int, int, SkillResult>?, T> work)
    {
        if (mode == "auto") mode = total <= 1 ? "none" : Console.IsErrorRedirected ? "lines" : "bar";
        return mode switch
        {
            "bar" => Bar(total, work),
            "lines" => Lines(Console.Error, work),
            _ => work(null),
        };
    }

    private static T Bar<T>(int total, Func<Action<int, int, SkillResult>?, T> work)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        return console.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .Start(ctx =>
            {
                var task = ctx.AddTask("Scanning skills", maxValue: Math.Max(1, total));
                return work((done, _, _) => task.Value = done);
            });
    }

    /// <summary>"skillscan: 120/1000 skills (12%), 3 with high findings, 5 with medium, 1m20s left" every few seconds and at the end.</summary>
    internal static T Lines<T>(TextWriter err, Func<Action<int, int, SkillResult>?, T> work)
    {
        var clock = Stopwatch.StartNew();
        var gate = new object();
        var last = TimeSpan.Zero;
        int high = 0, medium = 0;
        return work((done, total, result) =>
        {
            lock (gate)
            {
                // Verdicts come after the Policy stage; while running, the raw worst severity is what is known.
                var worst = result.Findings.Select(f => f.Severity).DefaultIfEmpty(Severity.Info).Max();
                if (worst >= Severity.High) high++;
                else if (worst == Severity.Medium) medium++;
                var now = clock.Elapsed;
                if (done < total && now - last < LineInterval) return;
                last = now;
                var left = done == 0 ? TimeSpan.Zero : TimeSpan.FromTicks(now.Ticks / done * (total - done));
                err.WriteLine($"skillscan: {done}/{total} skills ({100 * done / Math.Max(1, total)}%), {high} with high findings, {medium} with medium, " +
                              (done < total ? $"{Format(left)} left" : $"done in {Format(now)}"));
            }
        });
    }

    private static string Format(TimeSpan t) => t.TotalMinutes >= 1 ? $"{(int)t.TotalMinutes}m{t.Seconds:00}s" : $"{t.TotalSeconds:0.0}s";
}
