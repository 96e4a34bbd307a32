namespace SharpInfer.Kernels;

/// <summary>
/// Work over packed panels written once for every lane width and panel format; <see cref="PanelDispatch"/> picks both.
/// A struct, so each (job, width, format) is compiled on its own and the kernels inline.
/// </summary>
internal interface IPanelJob
{
    void Run<TLanes, TPanel>(int start, int end)
        where TLanes : struct, ILanes<TLanes>
        where TPanel : struct, IPanelFormat;
}
