using SkillScan.TreeSitter.Interop;

namespace SkillScan.TreeSitter;

/// <summary>Where the native parser library is, for callers that must know which grammars they run (the result cache).</summary>
public static class TsNativeLibrary
{
    /// <summary>
    /// The library file the binding loads (or would load: the first candidate that exists, in the loader's order),
    /// or null when none is found next to the application and the runtime's default probing is left to find it.
    /// </summary>
    public static string? FilePath =>
        NativeLibraryLoader.Candidates(typeof(TsNativeLibrary).Assembly).FirstOrDefault(File.Exists);
}
