using System.Diagnostics;

var project = Path.GetFullPath(args.ElementAtOrDefault(0) ?? ".");
var work = Path.Combine(Path.GetTempPath(), "temprun-" + Guid.NewGuid().ToString("N")[..8]);
try
{
    foreach (var file in Directory.EnumerateFiles(project, "*", SearchOption.AllDirectories)
                 .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}")))
    {
        var dest = Path.Combine(work, Path.GetRelativePath(project, file));
        Directory.CreateDirectory(Path.GetDirectoryName(dest)!);
        File.Copy(file, dest);
    }
    var psi = new ProcessStartInfo("dotnet") { WorkingDirectory = work };
    psi.ArgumentList.Add("test");
    using var p = Process.Start(psi)!;
    p.WaitForExit();
    Environment.ExitCode = p.ExitCode;
}
finally
{
    if (Directory.Exists(work)) Directory.Delete(work, recursive: true);
}
