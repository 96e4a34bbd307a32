namespace SharpInfer.Tokenization.Models;

/// <summary>A BPE merge: its priority (lower merges first) and the id of the merged token.</summary>
internal readonly record struct BpeMergeRule(int Rank, int MergedId);
