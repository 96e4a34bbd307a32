namespace SharpInfer.Kernels;

/// <summary>
/// The work of one <see cref="ParallelRows.For{TBody}"/>: rows [start, end) at a time, on any core. A struct, so a
/// parallel loop in the step allocates nothing (a lambda would allocate a closure and a delegate per call).
/// </summary>
public interface IRowRangeBody
{
    void Run(int start, int end);
}
