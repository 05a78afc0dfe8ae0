using System.Diagnostics;

var dir = args.ElementAtOrDefault(0) ?? ".";
var size = int.TryParse(args.ElementAtOrDefault(1), out var s) ? s : 256;
var outDir = Directory.CreateDirectory(Path.Combine(dir, "thumbs")).FullName;

foreach (var file in Directory.EnumerateFiles(dir).Where(f => f.EndsWith(".jpg") || f.EndsWith(".png")))
{
    var psi = new ProcessStartInfo("magick") { UseShellExecute = false };
    foreach (var a in new[] { file, "-thumbnail", $"{size}x{size}^", "-gravity", "center", "-extent", $"{size}x{size}",
                              Path.Combine(outDir, Path.GetFileName(file)) })
        psi.ArgumentList.Add(a);
    using var p = Process.Start(psi)!;
    p.WaitForExit();
    Console.WriteLine($"{(p.ExitCode == 0 ? "ok " : "ERR")} {Path.GetFileName(file)}");
}
