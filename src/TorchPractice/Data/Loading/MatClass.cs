namespace TorchPractice.Data.Loading;

/// <summary>MATLAB array classes (the mxCLASS codes of the MAT-file format).</summary>
public enum MatClass
{
    /// <summary>mxCELL_CLASS: a cell array.</summary>
    Cell = 1,
    /// <summary>mxSTRUCT_CLASS: a structure.</summary>
    Struct = 2,
    /// <summary>mxOBJECT_CLASS: an object.</summary>
    Object = 3,
    /// <summary>mxCHAR_CLASS: a character array.</summary>
    Char = 4,
    /// <summary>mxSPARSE_CLASS: a sparse array.</summary>
    Sparse = 5,
    /// <summary>mxDOUBLE_CLASS: float64.</summary>
    Double = 6,
    /// <summary>mxSINGLE_CLASS: float32.</summary>
    Single = 7,
    /// <summary>mxINT8_CLASS.</summary>
    Int8 = 8,
    /// <summary>mxUINT8_CLASS (the course's labels).</summary>
    UInt8 = 9,
    /// <summary>mxINT16_CLASS.</summary>
    Int16 = 10,
    /// <summary>mxUINT16_CLASS.</summary>
    UInt16 = 11,
    /// <summary>mxINT32_CLASS.</summary>
    Int32 = 12,
    /// <summary>mxUINT32_CLASS.</summary>
    UInt32 = 13,
    /// <summary>mxINT64_CLASS.</summary>
    Int64 = 14,
    /// <summary>mxUINT64_CLASS.</summary>
    UInt64 = 15,
    /// <summary>A function handle.</summary>
    Function = 16,
    /// <summary>An opaque object (e.g. a MATLAB class instance).</summary>
    Opaque = 17,
}
