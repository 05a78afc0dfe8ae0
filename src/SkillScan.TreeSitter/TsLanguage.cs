using System.Collections.Frozen;
using SkillScan.TreeSitter.Interop;

namespace SkillScan.TreeSitter;

/// <summary>The grammars compiled into libskillscan_treesitter. The numbering is shared with skillscan_language() in C.</summary>
public enum TsLanguage
{
    JavaScript = 0,
    TypeScript = 1,
    Tsx = 2,
    Python = 3,
    Bash = 4,
}

/// <summary>Facts about a grammar: its node type names and field names (read once from the native language, then cached).</summary>
public static class TsLanguages
{
    /// <summary>Every language, in enum order.</summary>
    public static IReadOnlyList<TsLanguage> All { get; } =
        [TsLanguage.JavaScript, TsLanguage.TypeScript, TsLanguage.Tsx, TsLanguage.Python, TsLanguage.Bash];

    /// <summary>The field id for <paramref name="fieldName"/>, or 0 when the grammar has no such field.</summary>
    public static ushort GetFieldId(TsLanguage language, string fieldName) => LanguageInfo.Get(language).FieldId(fieldName);

    /// <summary>The field names of the grammar (index = field id - 1).</summary>
    public static IReadOnlyList<string> GetFieldNames(TsLanguage language) => LanguageInfo.Get(language).FieldNameList;

    /// <summary>The distinct node type names of the grammar (named and anonymous).</summary>
    public static IReadOnlyCollection<string> GetNodeTypeNames(TsLanguage language) => LanguageInfo.Get(language).NodeTypeNames;

    /// <summary>The grammar's ABI version (13–15 are readable by the tree-sitter 0.25 core).</summary>
    public static int GetAbiVersion(TsLanguage language) => (int)Native.ts_language_abi_version(LanguageInfo.Get(language).Ptr);
}

/// <summary>Per-language caches: the native TSLanguage pointer, symbol names by id, field ids by name.</summary>
internal sealed unsafe class LanguageInfo
{
    private const ushort ErrorSymbol = ushort.MaxValue;       // ts_builtin_sym_error
    private const ushort ErrorRepeatSymbol = ushort.MaxValue - 1;

    private static readonly LanguageInfo?[] s_infos = new LanguageInfo?[5];
    private static readonly object s_lock = new();
    private static bool s_versionChecked;

    private readonly string[] _symbolNames;
    private readonly string?[] _fieldNames;            // by field id (0 = none)
    private readonly FrozenDictionary<string, ushort> _fieldIds;
    private readonly FrozenDictionary<nint, string> _fieldNamesByPointer;

    private LanguageInfo(TsLanguage language, nint ptr)
    {
        Language = language;
        Ptr = ptr;

        uint symbolCount = Native.ts_language_symbol_count(ptr);
        _symbolNames = new string[symbolCount];
        var distinct = new HashSet<string>(StringComparer.Ordinal);
        for (uint i = 0; i < symbolCount; i++)
        {
            string name = Native.Utf8(Native.ts_language_symbol_name(ptr, (ushort)i)) ?? string.Empty;
            _symbolNames[i] = string.Intern(name);
            distinct.Add(name);
        }
        distinct.Add("ERROR");
        NodeTypeNames = distinct;

        uint fieldCount = Native.ts_language_field_count(ptr);
        _fieldNames = new string?[fieldCount + 1];
        var ids = new Dictionary<string, ushort>(StringComparer.Ordinal);
        var byPointer = new Dictionary<nint, string>();
        var list = new List<string>();
        for (uint id = 1; id <= fieldCount; id++)
        {
            byte* p = Native.ts_language_field_name_for_id(ptr, (ushort)id);
            string? name = Native.Utf8(p);
            if (name is null)
            {
                continue;
            }

            name = string.Intern(name);
            _fieldNames[id] = name;
            ids[name] = (ushort)id;
            byPointer[(nint)p] = name;
            list.Add(name);
        }

        _fieldIds = ids.ToFrozenDictionary(StringComparer.Ordinal);
        _fieldNamesByPointer = byPointer.ToFrozenDictionary();
        FieldNameList = list;
    }

    public TsLanguage Language { get; }

    public nint Ptr { get; }

    public IReadOnlyCollection<string> NodeTypeNames { get; }

    public IReadOnlyList<string> FieldNameList { get; }

    public static LanguageInfo Get(TsLanguage language)
    {
        uint index = (uint)language;
        if (index >= (uint)s_infos.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(language), language, "Unknown tree-sitter language.");
        }

        return Volatile.Read(ref s_infos[index]) ?? Create(language);
    }

    private static LanguageInfo Create(TsLanguage language)
    {
        lock (s_lock)
        {
            if (s_infos[(int)language] is { } existing)
            {
                return existing;
            }

            if (!s_versionChecked)
            {
                int version = Native.skillscan_native_version();
                if (version != Native.ExpectedNativeVersion)
                {
                    throw new InvalidOperationException(
                        $"libskillscan_treesitter has native version {version}, this binding needs {Native.ExpectedNativeVersion}: " +
                        "the library is stale, rebuild it (native/build.sh).");
                }

                s_versionChecked = true;
            }

            nint ptr = Native.skillscan_language((int)language);
            if (ptr == 0)
            {
                throw new InvalidOperationException($"The native library has no grammar for {language}.");
            }

            var info = new LanguageInfo(language, ptr);
            Volatile.Write(ref s_infos[(int)language], info);
            return info;
        }
    }

    public string SymbolName(ushort symbol)
    {
        if (symbol < _symbolNames.Length)
        {
            return _symbolNames[symbol];
        }

        return symbol switch
        {
            ErrorSymbol => "ERROR",
            ErrorRepeatSymbol => "_ERROR",
            _ => Native.Utf8(Native.ts_language_symbol_name(Ptr, symbol)) ?? string.Empty,
        };
    }

    public ushort FieldId(string fieldName)
    {
        ArgumentNullException.ThrowIfNull(fieldName);
        return _fieldIds.TryGetValue(fieldName, out ushort id) ? id : (ushort)0;
    }

    public string? FieldName(ushort fieldId) => fieldId < _fieldNames.Length ? _fieldNames[fieldId] : null;

    public string? FieldNameFromPointer(byte* p)
    {
        if (p == null)
        {
            return null;
        }

        return _fieldNamesByPointer.TryGetValue((nint)p, out string? name) ? name : Native.Utf8(p);
    }
}
