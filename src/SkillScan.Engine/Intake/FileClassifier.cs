using SkillScan.Model;

namespace SkillScan.Intake;

/// <summary>Decides a file's language from its name, then its shebang, then its bytes.</summary>
public static class FileClassifier
{
    private static readonly Dictionary<string, Language> ByExtension = new(StringComparer.OrdinalIgnoreCase)
    {
        [".js"] = Language.JavaScript, [".mjs"] = Language.JavaScript, [".cjs"] = Language.JavaScript, [".jsx"] = Language.JavaScript,
        [".ts"] = Language.TypeScript, [".mts"] = Language.TypeScript, [".cts"] = Language.TypeScript,
        [".tsx"] = Language.Tsx,
        [".py"] = Language.Python, [".pyw"] = Language.Python,
        [".sh"] = Language.Bash, [".bash"] = Language.Bash, [".zsh"] = Language.Bash, [".command"] = Language.Bash,
        [".cs"] = Language.CSharp, [".csx"] = Language.CSharp,
        [".md"] = Language.Markdown, [".markdown"] = Language.Markdown,
        [".json"] = Language.Json,
        [".yaml"] = Language.Yaml, [".yml"] = Language.Yaml,
        [".toml"] = Language.Toml,
        [".txt"] = Language.Text, [".cfg"] = Language.Text, [".ini"] = Language.Text, [".lock"] = Language.Text,
    };

    public static Language Classify(string fileName, ReadOnlySpan<byte> head)
    {
        if (LooksBinary(head)) return Language.Binary;
        var ext = Path.GetExtension(fileName);
        if (ext.Length > 0 && ByExtension.TryGetValue(ext, out var lang)) return lang;
        var shebang = Shebang(head);
        if (shebang is not null) return shebang.Value;
        return ext.Length == 0 || ext.Equals(".in", StringComparison.OrdinalIgnoreCase) ? Language.Text : Language.Unknown;
    }

    /// <summary>Language named by a `#!` line: python, sh/bash/zsh/dash/ksh, node/deno/bun, dotnet-script.</summary>
    public static Language? Shebang(ReadOnlySpan<byte> head)
    {
        if (head.Length < 3 || head[0] != '#' || head[1] != '!') return null;
        var end = head.IndexOf((byte)'\n');
        var line = System.Text.Encoding.UTF8.GetString(end < 0 ? head[..Math.Min(head.Length, 200)] : head[..Math.Min(end, 200)]);
        var words = line[2..].Trim().Split(' ', '\t', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length == 0) return null;
        var interpreter = Path.GetFileName(words[0]);
        if (interpreter == "env")
        {
            interpreter = words.Skip(1).FirstOrDefault(w => !w.StartsWith('-')) ?? "";
        }
        if (interpreter.StartsWith("python", StringComparison.Ordinal)) return Language.Python;
        if (interpreter is "sh" or "bash" or "zsh" or "dash" or "ksh" or "ash") return Language.Bash;
        if (interpreter is "node" or "nodejs" or "bun") return Language.JavaScript;
        if (interpreter is "deno" or "ts-node" or "tsx") return Language.TypeScript;
        if (interpreter is "dotnet-script") return Language.CSharp;
        return null;
    }

    /// <summary>
    /// Binary: a known executable/archive magic, or, when the first 8 KiB hold a NUL byte, mostly non-text bytes
    /// among the others (control characters or invalid UTF-8 over 10%). NUL bytes themselves are not counted: bash
    /// skips them, so a script padded with NULs (before or after its payload) is still a script and must be read.
    /// UTF-16/32 text, with or without BOM, is text.
    /// </summary>
    public static bool LooksBinary(ReadOnlySpan<byte> head)
    {
        if (head.StartsWith(new byte[] { 0xFF, 0xFE }) || head.StartsWith(new byte[] { 0xFE, 0xFF }) ||
            head.StartsWith(new byte[] { 0x00, 0x00, 0xFE, 0xFF }))
        {
            return false;
        }
        if (BinaryMagic.Identify(head) is not null) return true;
        var probe = head[..Math.Min(head.Length, 8192)];
        if (probe.IndexOf((byte)0) < 0) return false;
        if (TextDecoding.DetectWideEncoding(probe) is not null) return false;
        int others = 0, nonText = 0;
        for (var i = 0; i < probe.Length;)
        {
            var b = probe[i];
            if (b == 0)
            {
                i++;
                continue;
            }
            if (b < 0x80)
            {
                others++;
                if (b < 0x20 && b is not (byte)'\n' and not (byte)'\r' and not (byte)'\t' and not 0x0C and not 0x1B) nonText++;
                i++;
                continue;
            }
            // A multi-byte UTF-8 character counts once; a byte that starts none counts as non-text.
            var status = System.Text.Rune.DecodeFromUtf8(probe[i..], out _, out var consumed);
            others++;
            if (status != System.Buffers.OperationStatus.Done && !(status == System.Buffers.OperationStatus.NeedMoreData && i + consumed == probe.Length)) nonText++;
            i += Math.Max(1, consumed);
        }
        return others == 0 || nonText * 10 > others; // nothing but NULs, or over 10% non-text: not text
    }
}

/// <summary>Recognises executables, native libraries, compiled Python and archives by their first bytes.</summary>
public static class BinaryMagic
{
    public static string? Identify(ReadOnlySpan<byte> head)
    {
        if (head.StartsWith("\u007fELF"u8)) return "ELF executable or shared library";
        if (head.Length >= 2 && head[0] == 'M' && head[1] == 'Z') return "Windows PE executable or DLL";
        if (head.Length >= 4)
        {
            var m = BitConverter.ToUInt32(head[..4]);
            if (m is 0xFEEDFACE or 0xFEEDFACF or 0xCEFAEDFE or 0xCFFAEDFE) return "Mach-O executable or library";
            if (m == 0xBEBAFECA) return "Mach-O universal binary";
            if (head[2] == 0x0D && head[3] == 0x0A && head.Length >= 4 && head[1] < 0x10 && head[0] != 0) return "compiled Python bytecode (.pyc)";
        }
        if (head.StartsWith("PK\u0003\u0004"u8)) return "ZIP archive";
        if (head.Length >= 2 && head[0] == 0x1F && head[1] == 0x8B) return "gzip archive";
        if (head.Length >= 6 && head[0] == 0x37 && head[1] == 0x7A && head[2] == 0xBC && head[3] == 0xAF) return "7-Zip archive";
        if (head.StartsWith("Rar!"u8)) return "RAR archive";
        if (head.Length > 262 && head[257..262].SequenceEqual("ustar"u8)) return "tar archive";
        if (head.StartsWith("BZh"u8)) return "bzip2 archive";
        if (head.Length >= 6 && head[0] == 0xFD && head[1] == '7' && head[2] == 'z' && head[3] == 'X' && head[4] == 'Z') return "xz archive";
        if (head.StartsWith("\0asm"u8)) return "WebAssembly module";
        return null;
    }
}
