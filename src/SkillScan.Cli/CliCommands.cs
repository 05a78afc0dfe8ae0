using SkillScan.Cli.Commands;
using System.CommandLine;

namespace SkillScan.Cli;

/// <summary>A `skillscan` subcommand.</summary>
public interface ICliCommand
{
    Command Build();
}

/// <summary>Exit codes shared by every command.</summary>
public static class ExitCodes
{
    /// <summary>No error-level finding (scan) or a pass verdict (gate).</summary>
    public const int Ok = 0;

    /// <summary>Error-level findings (scan) or a block verdict (gate).</summary>
    public const int Findings = 1;

    /// <summary>Usage or input error; a one-line reason went to stderr.</summary>
    public const int UsageError = 2;
}

public static class CliCommands
{
    // Listed by hand in the order of their full names (reflection over the assembly cost milliseconds of a Native
    // AOT start); PartsListTests fails naming any command class missing here.

    /// <summary>The subcommands of `skillscan`.</summary>
    public static IReadOnlyList<ICliCommand> All() =>
        [new BenchCommand(), new GateCommand(), new MergeCommand(), new RulesCommand(), new ScanCommand()];

    /// <summary>The subcommands of `skillscan bench`.</summary>
    public static IReadOnlyList<IBenchSubcommand> BenchSubcommands() =>
        [new BenchAccuracyCommand(), new BenchAllCommand(), new BenchSpeedCommand()];

    /// <summary>Parses and runs; usage errors and input errors exit 2 with a one-line reason on stderr.</summary>
    public static int Invoke(RootCommand root, string[] args)
    {
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors) Console.Error.WriteLine($"skillscan: {error.Message}");
            Console.Error.WriteLine("Run 'skillscan --help' for usage.");
            return ExitCodes.UsageError;
        }
        try
        {
            // Let usage and data-file errors reach the handlers below (exit 2) instead of the library's crash handler.
            return parse.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (UsageException ex)
        {
            Console.Error.WriteLine($"skillscan: {ex.Message}");
            return ExitCodes.UsageError;
        }
        catch (SkillScan.Util.DataFileException ex)
        {
            Console.Error.WriteLine($"skillscan: {ex.Message}");
            return ExitCodes.UsageError;
        }
    }
}

/// <summary>A problem with what the user asked for (missing path, bad option combination): exit 2, one line.</summary>
public sealed class UsageException(string message) : Exception(message);
