using NuGet.Versioning;

namespace SkillScan.Pinning.Versions;

/// <summary>
/// NuGet versions and ranges (NuGet.Versioning). NuGet resolves the lowest version a range allows, so only
/// floating versions (`*`, `1.*`, `1.0.0-*`) change under you.
/// </summary>
public static class NuGetSpec
{
    /// <summary>Classifies a PackageReference/PackageVersion version; null when it is not one. Empty: floating.</summary>
    public static SpecClass? Classify(string? version)
    {
        if (string.IsNullOrWhiteSpace(version)) return SpecClass.Floating("no version (the newest release)");
        if (version.Contains("$(", StringComparison.Ordinal)) return null; // an MSBuild property: resolved elsewhere
        if (!VersionRange.TryParse(version.Trim(), allowFloating: true, out var range)) return null;
        if (range.IsFloating) return SpecClass.Floating($"the floating version '{version.Trim()}'");
        return SpecClass.Exact(range.HasLowerBound
            ? "a version NuGet resolves reproducibly (the lowest one the range allows)"
            : "a range without a lower bound (NuGet resolves its lowest version reproducibly)");
    }
}
