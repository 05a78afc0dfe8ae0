using System.Buffers.Text;
using System.Text;
using System.Text.RegularExpressions;

namespace SkillScan.Semantics;

/// <summary>
/// The decoders constant folding applies (base64, hex, rot13, char codes, reversal, URL and escape decoding).
/// Each returns null when the input is not valid for it, so folding never invents a value.
/// </summary>
public static partial class Decoders
{
    private static readonly UTF8Encoding StrictUtf8 = new(false, true);

    /// <summary>Applies a named decoder (the catalog's `decoder:` value) to a string.</summary>
    public static string? Apply(string decoder, string input) => decoder switch
    {
        "base64" => Base64(input),
        "base32" => Base32(input),
        "hex" => Hex(input),
        "rot13" => Rot13(input),
        "reverse" => Reverse(input),
        "url" => Url(input),
        "escapes" => Escapes(input),
        "identity" => input,
        _ => null,
    };

    /// <summary>Standard or URL-safe base64, padding optional, whitespace ignored; result must be text.</summary>
    public static string? Base64(string input)
    {
        var s = WhitespaceRegex().Replace(input, "").Replace('-', '+').Replace('_', '/');
        if (s.Length < 4 || s.Length % 4 == 1) return null;
        s = s.PadRight(s.Length + (4 - s.Length % 4) % 4, '=');
        var bytes = new byte[s.Length * 3 / 4];
        if (!Convert.TryFromBase64String(s, bytes, out var written)) return null;
        return AsText(bytes.AsSpan(0, written));
    }

    public static string? Base32(string input)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var s = input.Trim().TrimEnd('=').ToUpperInvariant();
        if (s.Length < 8) return null;
        var bytes = new List<byte>();
        int buffer = 0, bits = 0;
        foreach (var c in s)
        {
            var v = alphabet.IndexOf(c);
            if (v < 0) return null;
            buffer = (buffer << 5) | v;
            bits += 5;
            if (bits >= 8)
            {
                bytes.Add((byte)(buffer >> (bits - 8)));
                bits -= 8;
            }
        }
        return AsText(bytes.ToArray());
    }

    /// <summary>Hex digits, optionally separated by spaces, colons or `\x`; result must be text.</summary>
    public static string? Hex(string input)
    {
        var s = HexNoiseRegex().Replace(input, "");
        if (s.Length < 2 || s.Length % 2 != 0) return null;
        var bytes = new byte[s.Length / 2];
        for (var i = 0; i < bytes.Length; i++)
        {
            if (!byte.TryParse(s.AsSpan(i * 2, 2), System.Globalization.NumberStyles.HexNumber, null, out bytes[i])) return null;
        }
        return AsText(bytes);
    }

    public static string Rot13(string input)
    {
        var chars = input.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            var c = chars[i];
            if (c is >= 'a' and <= 'z') chars[i] = (char)('a' + (c - 'a' + 13) % 26);
            else if (c is >= 'A' and <= 'Z') chars[i] = (char)('A' + (c - 'A' + 13) % 26);
        }
        return new string(chars);
    }

    public static string Reverse(string input)
    {
        var chars = input.ToCharArray();
        Array.Reverse(chars);
        return new string(chars);
    }

    public static string? Url(string input)
    {
        try
        {
            return Uri.UnescapeDataString(input.Replace('+', ' '));
        }
        catch (UriFormatException)
        {
            return null;
        }
    }

    /// <summary>Backslash escapes as in shell `printf`/`echo -e` and JS/Python strings: \xNN, \uNNNN, \NNN octal, \n.</summary>
    public static string? Escapes(string input)
    {
        if (!input.Contains('\\')) return input;
        var bytes = new List<byte>();
        for (var i = 0; i < input.Length; i++)
        {
            var c = input[i];
            if (c != '\\' || i + 1 >= input.Length)
            {
                bytes.AddRange(Encoding.UTF8.GetBytes(c.ToString()));
                continue;
            }
            var n = input[++i];
            switch (n)
            {
                case 'x' when IsHex(input, i + 1, 2):
                    bytes.Add(Convert.ToByte(input.Substring(i + 1, 2), 16));
                    i += 2;
                    break;
                case 'u' when IsHex(input, i + 1, 4):
                    bytes.AddRange(Encoding.UTF8.GetBytes(((char)Convert.ToInt32(input.Substring(i + 1, 4), 16)).ToString()));
                    i += 4;
                    break;
                case >= '0' and <= '7':
                    var len = 1;
                    while (len < 3 && i + len < input.Length && input[i + len] is >= '0' and <= '7') len++;
                    bytes.Add((byte)Convert.ToInt32(input.Substring(i, len), 8));
                    i += len - 1;
                    break;
                case 'n': bytes.Add((byte)'\n'); break;
                case 't': bytes.Add((byte)'\t'); break;
                case 'r': bytes.Add((byte)'\r'); break;
                case '\\': bytes.Add((byte)'\\'); break;
                default:
                    bytes.Add((byte)'\\');
                    bytes.AddRange(Encoding.UTF8.GetBytes(n.ToString()));
                    break;
            }
        }
        return AsText(bytes.ToArray()) ?? Encoding.Latin1.GetString(bytes.ToArray());
    }

    /// <summary>String.fromCharCode / chr over known numbers.</summary>
    public static string? FromCharCodes(IEnumerable<long> codes)
    {
        var sb = new StringBuilder();
        foreach (var c in codes)
        {
            if (c is < 0 or > 0x10FFFF) return null;
            // UTF-16 code units (lone surrogates included) as JS fromCharCode takes them; larger values are code points.
            if (c <= 0xFFFF) sb.Append((char)c);
            else sb.Append(char.ConvertFromUtf32((int)c));
        }
        return sb.ToString();
    }

    private static bool IsHex(string s, int start, int count)
    {
        if (start + count > s.Length) return false;
        for (var k = start; k < start + count; k++)
        {
            if (!Uri.IsHexDigit(s[k])) return false;
        }
        return true;
    }

    /// <summary>Bytes as UTF-8 text, or null when they are not mostly printable text (binary payloads stay opaque).</summary>
    public static string? AsText(ReadOnlySpan<byte> bytes)
    {
        string text;
        try
        {
            text = StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
        if (text.Length == 0) return null;
        var printable = 0;
        foreach (var ch in text)
        {
            if (!char.IsControl(ch) || ch is '\n' or '\r' or '\t') printable++;
        }
        return printable >= text.Length * 0.95 ? text : null;
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex WhitespaceRegex();

    [GeneratedRegex(@"(\\x|0x|[\s:,])")]
    private static partial Regex HexNoiseRegex();
}

/// <summary>Guesses whether decoded text is code, and in which language, so it can be parsed again.</summary>
public static partial class PayloadSniffer
{
    public static Model.Language? Guess(string text)
    {
        var t = text.TrimStart();
        if (t.Length < 4) return null;
        if (t.StartsWith("#!", StringComparison.Ordinal))
        {
            return Intake.FileClassifier.Shebang(Encoding.UTF8.GetBytes(t.Length > 200 ? t[..200] : t));
        }
        if (PythonRegex().IsMatch(t)) return Model.Language.Python;
        if (JsRegex().IsMatch(t)) return Model.Language.JavaScript;
        if (ShellRegex().IsMatch(t)) return Model.Language.Bash;
        return null;
    }

    [GeneratedRegex(@"^(import \w|from [\w.]+ import |exec\(|eval\(|def \w+\(|__import__\(|print\()|\bsubprocess\.|\bos\.(system|popen)\(", RegexOptions.Multiline)]
    private static partial Regex PythonRegex();

    [GeneratedRegex(@"\brequire\(\s*['""]|\bfunction\s*\w*\s*\(|=>\s*\{|\bconst \w+\s*=|\bchild_process\b|\bprocess\.env\b")]
    private static partial Regex JsRegex();

    [GeneratedRegex(@"(^|[;&|(`]\s*|\$\(\s*)(curl|wget|bash|sh|zsh|nc|ncat|socat|chmod|echo|printf|cd|rm|mkdir|export|eval|source|osascript|python3?|perl|nohup|open|xattr|base64|openssl|tar|unzip|sudo|crontab|launchctl|systemctl|cat)\b|/dev/tcp/", RegexOptions.Multiline)]
    private static partial Regex ShellRegex();
}
