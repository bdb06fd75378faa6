extension Array {
    /// Makes `index` a valid index, the new places holding `filler`: one allocation at most,
    /// where appending one place at a time would reallocate as the array doubles.
    @inline(__always)
    mutating func extend(toInclude index: Int, with filler: Element) {
        if count <= index { append(contentsOf: repeatElement(filler, count: index &+ 1 &- count)) }
    }
}
