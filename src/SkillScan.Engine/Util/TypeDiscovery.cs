using System.Diagnostics.CodeAnalysis;
using System.Reflection;

namespace SkillScan.Util;

/// <summary>
/// Finds the classes of an assembly that implement an interface, so adding a language, a matcher kind, a detector
/// or a command is adding a class. Every lookup of this kind goes through here, because it is the one place that
/// must stay correct when the app is trimmed: the Native AOT publish roots SkillScan's own assemblies
/// (<c>TrimmerRootAssembly</c> in SkillScan.Cli.csproj), so every type and public constructor in them is kept and
/// <see cref="Assembly.GetTypes"/> still sees them all.
/// </summary>
public static class TypeDiscovery
{
    // GetTypes enumerates every type of the assembly (thousands, with compiler-generated ones); in a Native AOT binary
    // that reads reflection metadata and took a fifth of the gate's rule loading when done once per lookup. Lazy, so
    // the warm-up thread and the rule loader asking at once do not both enumerate.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<Assembly, Lazy<Type[]>> Classes = new();

    /// <summary>One instance of every concrete class with a public parameterless constructor, ordered by full name.</summary>
    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "SkillScan's assemblies are trimmer roots: GetTypes sees every type.")]
    [UnconditionalSuppressMessage("Trimming", "IL2067", Justification = "Rooted assemblies keep every public constructor.")]
    [UnconditionalSuppressMessage("Trimming", "IL2070", Justification = "Rooted assemblies keep every public constructor.")]
    public static IReadOnlyList<T> InstancesOf<T>(Assembly assembly) =>
        Classes.GetOrAdd(assembly, a => new Lazy<Type[]>(() => a.GetTypes().Where(t => t is { IsClass: true, IsAbstract: false }).ToArray())).Value
            .Where(t => typeof(T).IsAssignableFrom(t) && t.GetConstructor(Type.EmptyTypes) is not null)
            .OrderBy(t => t.FullName, StringComparer.Ordinal)
            .Select(t => (T)Activator.CreateInstance(t)!)
            .ToList();

    /// <summary>A factory for a discovered instance's class: a new instance per call.</summary>
    [UnconditionalSuppressMessage("Trimming", "IL2072", Justification = "Rooted assemblies keep every public constructor.")]
    [UnconditionalSuppressMessage("Trimming", "IL2075", Justification = "Rooted assemblies keep every public constructor.")]
    public static Func<T> FactoryLike<T>(T instance) where T : notnull
    {
        var type = instance.GetType();
        return () => (T)Activator.CreateInstance(type)!;
    }
}
