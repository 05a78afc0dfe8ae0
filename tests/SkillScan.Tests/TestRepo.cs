namespace SkillScan.Tests;

/// <summary>Paths into the source tree, for tests that read docs, schemas, test data or native tools.</summary>
internal static class TestRepo
{
    public static string Root { get; } = FindRoot();

    public static string PathOf(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "SkillScan.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("SkillScan.sln not found above " + AppContext.BaseDirectory);
    }
}
