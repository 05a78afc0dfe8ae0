using System.Globalization;
using System.Text;

namespace SkillScan.Semantics.Shell;

/// <summary>The shell's quoting and text-processing rules, as pure functions over strings.</summary>
internal static class ShellText
{
    /// <summary>An unquoted word: `\x` is x, backslash-newline disappears.</summary>
    public static string UnescapeWord(string text)
    {
        if (text.IndexOf('\\') < 0) return text;
        var sb = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c != '\\' || i + 1 >= text.Length)
            {
                sb.Append(c);
                continue;
            }
            var n = text[++i];
            if (n == '\r' && i + 1 < text.Length && text[i + 1] == '\n') i++;
            else if (n != '\n') sb.Append(n);
        }
        return sb.ToString();
    }

    /// <summary>Inside double quotes (and unquoted here-documents): backslash escapes only $ ` " \ and newline.</summary>
    public static string UnescapeDoubleQuoted(string text, bool inHeredoc = false)
    {
        if (text.IndexOf('\\') < 0) return text;
        var sb = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\\' && i + 1 < text.Length)
            {
                var n = text[i + 1];
                if (n is '$' or '`' or '\\' || (n == '"' && !inHeredoc))
                {
                    sb.Append(n);
                    i++;
                    continue;
                }
                if (n == '\n')
                {
                    i++;
                    continue;
                }
            }
            sb.Append(c);
        }
        return sb.ToString();
    }

    /// <summary>The body of `$'...'` (ANSI-C quoting): \xHH, \NNN, \uHHHH, \cX, \e and the C escapes.</summary>
    public static string AnsiC(string body)
    {
        var sb = new StringBuilder(body.Length);
        for (var i = 0; i < body.Length; i++)
        {
            var c = body[i];
            if (c != '\\' || i + 1 >= body.Length)
            {
                sb.Append(c);
                continue;
            }
            var n = body[++i];
            switch (n)
            {
                case 'a': sb.Append('\a'); break;
                case 'b': sb.Append('\b'); break;
                case 'e' or 'E': sb.Append('\x1b'); break;
                case 'f': sb.Append('\f'); break;
                case 'n': sb.Append('\n'); break;
                case 'r': sb.Append('\r'); break;
                case 't': sb.Append('\t'); break;
                case 'v': sb.Append('\v'); break;
                case '\\' or '\'' or '"' or '?': sb.Append(n); break;
                case 'c' when i + 1 < body.Length:
                    sb.Append((char)(char.ToUpperInvariant(body[++i]) & 0x1f));
                    break;
                case 'x' or 'u' or 'U':
                    var max = n == 'x' ? 2 : n == 'u' ? 4 : 8;
                    var len = 0;
                    while (len < max && i + 1 + len < body.Length && Uri.IsHexDigit(body[i + 1 + len])) len++;
                    if (len == 0)
                    {
                        sb.Append('\\').Append(n);
                        break;
                    }
                    var code = int.Parse(body.AsSpan(i + 1, len), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                    i += len;
                    AppendCode(sb, code, n == 'x');
                    break;
                case >= '0' and <= '7':
                    var olen = 1;
                    while (olen < 3 && i + olen < body.Length && body[i + olen] is >= '0' and <= '7') olen++;
                    AppendCode(sb, Convert.ToInt32(body.Substring(i, olen), 8), asByte: true);
                    i += olen - 1;
                    break;
                default:
                    sb.Append('\\').Append(n);
                    break;
            }
        }
        return FixUtf8(sb.ToString());
    }

    /// <summary>`echo -e` and printf's format: backslash escapes (\xHH, \0NNN, \n ...); null when it stops output (\c).</summary>
    public static string EchoEscapes(string text)
    {
        if (text.IndexOf('\\') < 0) return text;
        var sb = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c != '\\' || i + 1 >= text.Length)
            {
                sb.Append(c);
                continue;
            }
            var n = text[++i];
            switch (n)
            {
                case 'a': sb.Append('\a'); break;
                case 'b': sb.Append('\b'); break;
                case 'e' or 'E': sb.Append('\x1b'); break;
                case 'f': sb.Append('\f'); break;
                case 'n': sb.Append('\n'); break;
                case 'r': sb.Append('\r'); break;
                case 't': sb.Append('\t'); break;
                case 'v': sb.Append('\v'); break;
                case '\\': sb.Append('\\'); break;
                case 'c': return FixUtf8(sb.ToString());
                case 'x':
                    var len = 0;
                    while (len < 2 && i + 1 + len < text.Length && Uri.IsHexDigit(text[i + 1 + len])) len++;
                    if (len == 0)
                    {
                        sb.Append("\\x");
                        break;
                    }
                    AppendCode(sb, int.Parse(text.AsSpan(i + 1, len), NumberStyles.HexNumber, CultureInfo.InvariantCulture), asByte: true);
                    i += len;
                    break;
                case 'u' or 'U':
                    var max = n == 'u' ? 4 : 8;
                    var ulen = 0;
                    while (ulen < max && i + 1 + ulen < text.Length && Uri.IsHexDigit(text[i + 1 + ulen])) ulen++;
                    if (ulen == 0)
                    {
                        sb.Append('\\').Append(n);
                        break;
                    }
                    AppendCode(sb, int.Parse(text.AsSpan(i + 1, ulen), NumberStyles.HexNumber, CultureInfo.InvariantCulture), asByte: false);
                    i += ulen;
                    break;
                case >= '0' and <= '7':
                    // echo -e: \0NNN; printf: \NNN. Accept both: up to three octal digits after an optional 0.
                    var start = n == '0' ? i + 1 : i;
                    var olen = 0;
                    while (olen < 3 && start + olen < text.Length && text[start + olen] is >= '0' and <= '7') olen++;
                    AppendCode(sb, olen == 0 ? 0 : Convert.ToInt32(text.Substring(start, olen), 8), asByte: true);
                    i = start + olen - 1;
                    break;
                default:
                    sb.Append('\\').Append(n);
                    break;
            }
        }
        return FixUtf8(sb.ToString());
    }

    /// <summary>printf FORMAT ARGS: %s/%b/%c/%d substitution, repeating the format while arguments remain.</summary>
    public static string Printf(string format, IReadOnlyList<string> args)
    {
        var sb = new StringBuilder();
        var next = 0;
        var rounds = 0;
        do
        {
            var consumed = false;
            for (var i = 0; i < format.Length; i++)
            {
                var c = format[i];
                if (c != '%' || i + 1 >= format.Length)
                {
                    sb.Append(c);
                    continue;
                }
                // Skip flags, width and precision: %-10s, %.3s.
                var j = i + 1;
                while (j < format.Length && (format[j] is '-' or '+' or ' ' or '#' or '0' or '.' || char.IsAsciiDigit(format[j]))) j++;
                if (j >= format.Length)
                {
                    sb.Append(format, i, format.Length - i);
                    break;
                }
                var conv = format[j];
                if (conv == '%')
                {
                    sb.Append('%');
                    i = j;
                    continue;
                }
                var arg = next < args.Count ? args[next] : "";
                if (next < args.Count) consumed = true;
                next++;
                switch (conv)
                {
                    case 's': sb.Append(arg); break;
                    case 'b': sb.Append(EchoEscapes(arg)); break;
                    case 'c': if (arg.Length > 0) sb.Append(arg[0]); break;
                    case 'd' or 'i' or 'u':
                        sb.Append(long.TryParse(arg, NumberStyles.Integer, CultureInfo.InvariantCulture, out var d) ? d.ToString(CultureInfo.InvariantCulture) : "0");
                        break;
                    case 'x' or 'X' or 'o':
                        if (long.TryParse(arg, NumberStyles.Integer, CultureInfo.InvariantCulture, out var x))
                        {
                            sb.Append(conv == 'o' ? Convert.ToString(x, 8) : conv == 'x' ? x.ToString("x", CultureInfo.InvariantCulture) : x.ToString("X", CultureInfo.InvariantCulture));
                        }
                        break;
                    default:
                        sb.Append(format, i, j - i + 1);
                        break;
                }
                i = j;
            }
            if (!consumed) break;
        }
        while (next < args.Count && ++rounds < 1000);
        return sb.ToString();
    }

    /// <summary>`tr SET1 SET2` and `tr -d SET1` over known text; null when a set uses classes we do not expand.</summary>
    public static string? Translate(string input, string set1, string? set2, bool delete)
    {
        var from = ExpandSet(set1);
        if (from is null) return null;
        if (delete)
        {
            var remove = new HashSet<char>(from);
            var kept = new StringBuilder(input.Length);
            foreach (var c in input)
            {
                if (!remove.Contains(c)) kept.Append(c);
            }
            return kept.ToString();
        }
        var to = set2 is null ? null : ExpandSet(set2);
        if (to is null || to.Length == 0) return null;
        var map = new Dictionary<char, char>();
        for (var i = 0; i < from.Length; i++)
        {
            map[from[i]] = to[Math.Min(i, to.Length - 1)];
        }
        var sb = new StringBuilder(input.Length);
        foreach (var c in input) sb.Append(map.TryGetValue(c, out var m) ? m : c);
        return sb.ToString();
    }

    private static string? ExpandSet(string set)
    {
        var sb = new StringBuilder();
        var s = EchoEscapes(set);
        for (var i = 0; i < s.Length; i++)
        {
            if (s[i] == '[' && i + 1 < s.Length && s[i + 1] == ':')
            {
                var end = s.IndexOf(":]", i + 2, StringComparison.Ordinal);
                if (end < 0) return null;
                var name = s[(i + 2)..end];
                var chars = name switch
                {
                    "lower" => "abcdefghijklmnopqrstuvwxyz",
                    "upper" => "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
                    "digit" => "0123456789",
                    "space" => " \t\n\r\f\v",
                    "blank" => " \t",
                    _ => null,
                };
                if (chars is null) return null;
                sb.Append(chars);
                i = end + 1;
                continue;
            }
            if (i + 2 < s.Length && s[i + 1] == '-' && s[i + 2] >= s[i])
            {
                if (s[i + 2] - s[i] > 0x3000) return null;
                for (var c = s[i]; c <= s[i + 2]; c++) sb.Append(c);
                i += 2;
                continue;
            }
            sb.Append(s[i]);
        }
        return sb.ToString();
    }

    /// <summary>Removes leading tabs from every line (`&lt;&lt;-` here-documents).</summary>
    public static string StripLeadingTabs(string text)
    {
        var sb = new StringBuilder(text.Length);
        var lineStart = true;
        foreach (var c in text)
        {
            if (lineStart && c == '\t') continue;
            lineStart = c == '\n';
            sb.Append(c);
        }
        return sb.ToString();
    }

    /// <summary>Removes trailing newlines, as command substitution does.</summary>
    public static string TrimTrailingNewlines(string text) => text.TrimEnd('\n', '\r');

    public static bool IsBlank(string text) => string.IsNullOrWhiteSpace(text);

    /// <summary>Splits on blanks the way unquoted expansions are split (IFS = space, tab, newline).</summary>
    public static string[] SplitFields(string text) =>
        text.Split([' ', '\t', '\n'], StringSplitOptions.RemoveEmptyEntries);

    public static bool ContainsBlank(string text) => text.AsSpan().IndexOfAny(" \t\n") >= 0;

    /// <summary>The command name without its directory: /usr/bin/curl → curl.</summary>
    public static string BaseName(string path)
    {
        var trimmed = path.TrimEnd('/');
        var slash = trimmed.LastIndexOf('/');
        return slash < 0 ? trimmed : trimmed[(slash + 1)..];
    }

    /// <summary>A path with the home-directory spellings made one (~/x), so writes and reads of the same file match.</summary>
    public static string NormalizePath(string path)
    {
        var p = path.Trim();
        if (p.StartsWith("$HOME/", StringComparison.Ordinal)) p = "~/" + p[6..];
        else if (p.StartsWith("${HOME}/", StringComparison.Ordinal)) p = "~/" + p[8..];
        while (p.StartsWith("./", StringComparison.Ordinal)) p = p[2..];
        return p;
    }

    /// <summary>The last path segment of a URL (what `curl -O` / `wget` name the file they save).</summary>
    public static string? UrlFileName(string url)
    {
        var s = url;
        var q = s.IndexOfAny(['?', '#']);
        if (q >= 0) s = s[..q];
        var scheme = s.IndexOf("://", StringComparison.Ordinal);
        if (scheme >= 0)
        {
            var slash = s.IndexOf('/', scheme + 3);
            if (slash < 0) return "index.html";
            s = s[slash..];
        }
        var name = BaseName(s);
        return name.Length == 0 ? "index.html" : name;
    }

    public static bool LooksLikeUrl(string text) =>
        text.Contains("://", StringComparison.Ordinal) || text.StartsWith("www.", StringComparison.OrdinalIgnoreCase);

    /// <summary>Bytes written as \xHH or octal are UTF-8 when they form UTF-8; recombine them.</summary>
    private static void AppendCode(StringBuilder sb, int code, bool asByte)
    {
        if (asByte)
        {
            // Keep raw bytes as U+0080..U+00FF placeholders; FixUtf8 recombines multi-byte sequences.
            sb.Append((char)(code & 0xff));
            return;
        }
        if (code is >= 0 and <= 0x10FFFF && code is not (>= 0xD800 and <= 0xDFFF)) sb.Append(char.ConvertFromUtf32(code));
    }

    private static string FixUtf8(string text)
    {
        var hasHigh = false;
        foreach (var ch in text)
        {
            if (ch is >= '\u0080' and <= '\u00ff')
            {
                hasHigh = true;
                break;
            }
        }
        if (!hasHigh) return text;
        foreach (var ch in text)
        {
            if (ch > '\u00ff') return text; // mixed with real Unicode: leave as is
        }
        var bytes = Encoding.Latin1.GetBytes(text);
        try
        {
            return new UTF8Encoding(false, true).GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            return text;
        }
    }
}
