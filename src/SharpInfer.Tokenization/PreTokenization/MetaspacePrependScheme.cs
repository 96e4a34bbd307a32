namespace SharpInfer.Tokenization.PreTokenization;

/// <summary>When Metaspace prepends its replacement char: to every piece, the input's first piece, or never.</summary>
internal enum MetaspacePrependScheme
{
    Always,
    First,
    Never,
}
