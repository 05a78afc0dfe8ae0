using SkillScan.Util;
using YamlDotNet.Core;

// Usage: SkillScan.YamlEvents OUT-DIR FILE=NAME...
// Writes the recorded parser events of each YAML FILE to OUT-DIR/NAME. Run by the engine's build
// (SkillScan.Engine.csproj, target RecordYamlEvents); a bad file fails the build with its path and position.
if (args.Length < 1)
{
    Console.Error.WriteLine("usage: SkillScan.YamlEvents OUT-DIR FILE=NAME...");
    return 2;
}
var outDir = args[0];
foreach (var arg in args.Skip(1))
{
    var eq = arg.LastIndexOf('=');
    if (eq <= 0 || eq == arg.Length - 1)
    {
        Console.Error.WriteLine($"expected FILE=NAME, got '{arg}'");
        return 2;
    }
    var (file, name) = (arg[..eq], arg[(eq + 1)..]);
    byte[] recording;
    try
    {
        recording = YamlEventRecording.Record(File.ReadAllText(file));
    }
    catch (Exception ex) when (ex is YamlException or NotSupportedException)
    {
        // MSBuild shows "file(line,col): error" lines as build errors pointing at the file.
        var (line, column) = ex is YamlException y ? (y.Start.Line, y.Start.Column) : (1L, 1L);
        Console.Error.WriteLine($"{file}({line},{column}): error YAMLEVENTS: {ex.Message}");
        return 1;
    }
    var target = Path.Combine(outDir, name);
    Directory.CreateDirectory(Path.GetDirectoryName(target)!);
    File.WriteAllBytes(target, recording);
}
return 0;
