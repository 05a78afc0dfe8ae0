using SkillScan.Intake;
using SkillScan.Model;
using SkillScan.Rules.Matchers;

namespace SkillScan.Rules.Builtin;

/// <summary>A detector written in C#; named in packs with `match: { builtin: Name }`.</summary>
public abstract class BuiltinDetector : PackMatcher, IBuiltinDetector
{
    public abstract string Name { get; }
}

/// <summary>What a file's first bytes say it is, whatever its name.</summary>
public enum ContentKind
{
    Unknown,
    Executable,
    NativeLibrary,
    CompiledPython,
    Archive,
    Image,
    Document,
    Script,
}

/// <summary>Recognises a file's content kind from its bytes (BinaryMagic plus the headers' own type fields).</summary>
public static class FileContent
{
    private static readonly HashSet<string> LibraryExtensions = new(StringComparer.OrdinalIgnoreCase) { ".so", ".node", ".dll", ".dylib", ".pyd", ".bundle" };

    /// <summary>Zip-based formats that are documents, not archives someone ships to extract.</summary>
    private static readonly HashSet<string> ZipDocuments = new(StringComparer.OrdinalIgnoreCase)
    {
        ".docx", ".xlsx", ".pptx", ".odt", ".ods", ".odp", ".epub", ".key", ".numbers", ".pages", ".xpi",
    };

    public static readonly HashSet<string> ImageExtensions = new(StringComparer.OrdinalIgnoreCase)
    {
        ".png", ".jpg", ".jpeg", ".gif", ".webp", ".ico", ".bmp", ".svg", ".tif", ".tiff", ".mp3", ".mp4", ".wav", ".ogg",
        ".webm", ".mov", ".avi", ".ttf", ".otf", ".woff", ".woff2", ".pdf",
    };

    public static readonly HashSet<string> TextExtensions = new(StringComparer.OrdinalIgnoreCase)
    {
        ".txt", ".md", ".markdown", ".json", ".yaml", ".yml", ".toml", ".csv", ".xml", ".html", ".htm", ".css", ".ini", ".cfg",
        ".py", ".js", ".mjs", ".cjs", ".ts", ".tsx", ".jsx", ".sh", ".bash", ".cs", ".csx", ".rb", ".pl", ".lock", ".log", ".env",
    };

    public static ContentKind Classify(SkillFile file, out string description)
    {
        var bytes = file.Bytes.AsSpan();
        var ext = Path.GetExtension(file.FileName);
        description = BinaryMagic.Identify(bytes) ?? "";
        if (bytes.StartsWith("\u007fELF"u8) && bytes.Length >= 18)
        {
            var type = bytes[5] == 2 ? bytes[16] << 8 | bytes[17] : bytes[16] | bytes[17] << 8; // e_type, endianness from EI_DATA
            var library = type == 3 && (LibraryExtensions.Contains(ext) || file.FileName.Contains(".so.", StringComparison.Ordinal));
            description = library ? "ELF shared library" : type == 1 ? "ELF object file" : "ELF executable";
            return library ? ContentKind.NativeLibrary : ContentKind.Executable;
        }
        if (IsPe(bytes, out var isDll))
        {
            description = isDll ? "Windows DLL" : "Windows PE executable";
            return isDll || LibraryExtensions.Contains(ext) ? ContentKind.NativeLibrary : ContentKind.Executable;
        }
        if (description == "Mach-O universal binary" && bytes.Length >= 8 && (bytes[4] << 24 | bytes[5] << 16 | bytes[6] << 8 | bytes[7]) > 40)
        {
            // CAFEBABE followed by a class-file version, not a small architecture count: Java bytecode.
            description = "Java class file";
            return ContentKind.Unknown;
        }
        if (description.StartsWith("Mach-O", StringComparison.Ordinal))
        {
            var fileType = bytes.Length >= 16 ? (bytes[0] == 0xCF || bytes[0] == 0xCE ? BitConverter.ToUInt32(bytes[12..16]) : 0u) : 0u;
            var library = fileType is 6 or 8 || LibraryExtensions.Contains(ext);
            description = library ? "Mach-O library" : "Mach-O executable";
            return library ? ContentKind.NativeLibrary : ContentKind.Executable;
        }
        if (ext.Equals(".pyc", StringComparison.OrdinalIgnoreCase) || ext.Equals(".pyo", StringComparison.OrdinalIgnoreCase))
        {
            description = "compiled Python bytecode";
            return ContentKind.CompiledPython;
        }
        if (description.Contains("archive", StringComparison.Ordinal))
        {
            if (description == "ZIP archive" && ZipDocuments.Contains(ext)) return ContentKind.Document;
            return ContentKind.Archive;
        }
        if (description.StartsWith("compiled Python", StringComparison.Ordinal)) return ContentKind.CompiledPython;
        if (description.StartsWith("WebAssembly", StringComparison.Ordinal)) return ContentKind.NativeLibrary;
        if (IsImage(bytes)) return ContentKind.Image;
        if (bytes.StartsWith("#!"u8))
        {
            description = "script (#! line)";
            return ContentKind.Script;
        }
        return ContentKind.Unknown;
    }

    /// <summary>A real PE image: MZ header whose e_lfanew points at a "PE\0\0" signature; IMAGE_FILE_DLL tells DLLs.</summary>
    private static bool IsPe(ReadOnlySpan<byte> b, out bool isDll)
    {
        isDll = false;
        if (b.Length < 64 || b[0] != 'M' || b[1] != 'Z') return false;
        var lfanew = BitConverter.ToInt32(b[0x3C..0x40]);
        if (lfanew < 0 || lfanew > b.Length - 24) return false;
        if (!b[lfanew..(lfanew + 4)].SequenceEqual("PE\0\0"u8)) return false;
        var characteristics = BitConverter.ToUInt16(b[(lfanew + 22)..(lfanew + 24)]);
        isDll = (characteristics & 0x2000) != 0;
        return true;
    }

    private static bool IsImage(ReadOnlySpan<byte> b) =>
        b.StartsWith(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }) || b.StartsWith(new byte[] { 0xFF, 0xD8, 0xFF }) || b.StartsWith("GIF8"u8)
        || (b.Length >= 12 && b.StartsWith("RIFF"u8) && (b[8..12].SequenceEqual("WEBP"u8) || b[8..12].SequenceEqual("WAVE"u8) || b[8..12].SequenceEqual("AVI "u8)))
        || b.StartsWith(new byte[] { 0x00, 0x00, 0x01, 0x00 }) || b.StartsWith("%PDF"u8) || b.StartsWith("ID3"u8) || b.StartsWith("OggS"u8)
        || b.StartsWith("wOFF"u8) || b.StartsWith("wOF2"u8) || b.StartsWith(new byte[] { 0x00, 0x01, 0x00, 0x00 }) || b.StartsWith("OTTO"u8)
        || (b.Length >= 8 && b[4..8].SequenceEqual("ftyp"u8)) || (b.Length > 2 && b[0] == 'B' && b[1] == 'M' && b.Length > 14)
        || b.StartsWith(new byte[] { 0x1A, 0x45, 0xDF, 0xA3 });
}

/// <summary>Base of the shipped-file detectors: one finding per file, at its first line.</summary>
public abstract class ShippedFileDetector : BuiltinDetector
{
    public override void Run(MatchRun run)
    {
        foreach (var file in run.Context.Skill.Files)
        {
            var kind = FileContent.Classify(file, out var description);
            if (Describe(run, file, kind, description) is not { } found) continue;
            var doc = SourceDocument.ForFile(file, Language.Binary);
            run.Report(doc, new TextSpan(0, 0), found.Message, found.Severity,
                evidence: new Dictionary<string, string> { ["content"] = description, ["bytes"] = file.Bytes.Length.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        }
    }

    /// <summary>The finding for a file, or null.</summary>
    protected abstract (string Message, Severity? Severity)? Describe(MatchRun run, SkillFile file, ContentKind kind, string description);
}

/// <summary>SS2001: an executable (ELF, PE, Mach-O) shipped in the skill.</summary>
public sealed class ExecutableShippedDetector : ShippedFileDetector
{
    public override string Name => "ExecutableShipped";

    protected override (string, Severity?)? Describe(MatchRun run, SkillFile file, ContentKind kind, string description) =>
        kind == ContentKind.Executable ? ($"{file.Path} is a compiled program ({description}, {file.Bytes.Length:N0} bytes); its behaviour cannot be reviewed from source.", null) : null;
}

/// <summary>SS2002: a native library or addon (.so/.dll/.dylib/.node, WebAssembly) shipped in the skill.</summary>
public sealed class NativeLibraryShippedDetector : ShippedFileDetector
{
    public override string Name => "NativeLibraryShipped";

    protected override (string, Severity?)? Describe(MatchRun run, SkillFile file, ContentKind kind, string description) =>
        kind == ContentKind.NativeLibrary ? ($"{file.Path} is native code ({description}) that the skill's code can load; its behaviour cannot be reviewed from source.", null) : null;
}

/// <summary>SS2003: compiled Python; high when no matching .py source ships with it, medium when one does.</summary>
public sealed class CompiledPythonShippedDetector : ShippedFileDetector
{
    public override string Name => "CompiledPythonShipped";

    protected override (string, Severity?)? Describe(MatchRun run, SkillFile file, ContentKind kind, string description)
    {
        if (kind != ContentKind.CompiledPython) return null;
        // mod.cpython-312.pyc → mod.py
        var stem = Path.GetFileNameWithoutExtension(file.FileName);
        var dot = stem.IndexOf('.');
        if (dot > 0) stem = stem[..dot];
        var source = run.Context.Skill.Files.FirstOrDefault(f => f.FileName.Equals(stem + ".py", StringComparison.OrdinalIgnoreCase));
        return source is null
            ? ($"{file.Path} is compiled Python bytecode with no {stem}.py source in the skill: what it does cannot be reviewed.", null)
            : ($"{file.Path} is compiled Python bytecode shipped beside its source {source.Path}; the bytecode may not match the source.", Severity.Medium);
    }
}

/// <summary>SS2004: an archive inside the skill.</summary>
public sealed class ArchiveShippedDetector : ShippedFileDetector
{
    public override string Name => "ArchiveShipped";

    protected override (string, Severity?)? Describe(MatchRun run, SkillFile file, ContentKind kind, string description) =>
        kind == ContentKind.Archive ? ($"{file.Path} is a {description} shipped inside the skill; its contents are not reviewed here.", null) : null;
}

/// <summary>SS2005: the bytes contradict the extension (an ELF named .png, a zip named .jpg, a script named .png).</summary>
public sealed class MisleadingFileExtensionDetector : ShippedFileDetector
{
    public override string Name => "MisleadingFileExtension";

    protected override (string, Severity?)? Describe(MatchRun run, SkillFile file, ContentKind kind, string description)
    {
        var ext = Path.GetExtension(file.FileName);
        if (ext.Length == 0) return null;
        var disguised = kind switch
        {
            ContentKind.Executable or ContentKind.NativeLibrary => FileContent.ImageExtensions.Contains(ext) || FileContent.TextExtensions.Contains(ext),
            ContentKind.Archive => FileContent.ImageExtensions.Contains(ext) || FileContent.TextExtensions.Contains(ext),
            ContentKind.Script => FileContent.ImageExtensions.Contains(ext),
            _ => false,
        };
        return disguised ? ($"{file.Path} is named like a {ext} file but its bytes are a {description}.", null) : null;
    }
}
