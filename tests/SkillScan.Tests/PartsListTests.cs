using SkillScan.Cli;
using SkillScan.Cli.Commands;
using SkillScan.Pipeline;
using SkillScan.Rules;
using SkillScan.Semantics;
using SkillScan.Syntax;

namespace SkillScan.Tests;

/// <summary>
/// The engine and the CLI list their parts by hand (reflection over an assembly's types cost milliseconds of every
/// Native AOT start); these tests find every class implementing a part's interface by reflection and fail, naming
/// it, when one is missing from its list, so adding a language, matcher kind, detector or command cannot be forgotten.
/// </summary>
public sealed class PartsListTests
{
    [Fact]
    public void EveryFrontEndIsListed() => AssertLists<IFrontEnd>(EngineParts.FrontEnds());

    [Fact]
    public void EveryFactExtractorIsListed() => AssertLists<IFactExtractor>(EngineParts.Extractors());

    [Fact]
    public void EveryMatcherKindIsListed() => AssertLists<IMatcherKind>(EngineParts.MatcherKinds());

    [Fact]
    public void EveryBuiltinDetectorIsListed() => AssertLists<IBuiltinDetector>(EngineParts.Detectors().Select(create => create()));

    [Fact]
    public void EveryCommandIsListed() => AssertLists<ICliCommand>(CliCommands.All());

    [Fact]
    public void EveryBenchSubcommandIsListed() => AssertLists<IBenchSubcommand>(CliCommands.BenchSubcommands());

    [Fact]
    public void EachDetectorFactoryMakesANewInstance()
    {
        foreach (var create in EngineParts.Detectors()) Assert.NotSame(create(), create());
    }

    /// <summary>The list holds one instance of each concrete class with a parameterless constructor, ordered by full name (the order reflection gave, which output order follows).</summary>
    private static void AssertLists<T>(IEnumerable<T> listed)
    {
        var expected = new[] { typeof(T).Assembly, typeof(CliCommands).Assembly }.Distinct()
            .SelectMany(a => a.GetTypes())
            .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(T).IsAssignableFrom(t) && t.GetConstructor(Type.EmptyTypes) is not null)
            .Select(t => t.FullName!)
            .Order(StringComparer.Ordinal)
            .ToList();
        var actual = listed.Select(p => p!.GetType().FullName!).ToList();
        var missing = expected.Except(actual).ToList();
        Assert.True(missing.Count == 0, $"add to the {typeof(T).Name} list: {string.Join(", ", missing)}");
        Assert.Equal(expected, actual);
    }
}
