import Glibc

/// A device file as `stat` sees it.
public struct DeviceNode: Sendable, Equatable {
    public var path: String
    public var isCharacterDevice: Bool
    /// Permission bits (0o660 …).
    public var mode: UInt32
    public var ownerID: UInt32
    public var groupID: UInt32

    public init(path: String, isCharacterDevice: Bool, mode: UInt32, ownerID: UInt32, groupID: UInt32) {
        self.path = path
        self.isCharacterDevice = isCharacterDevice
        self.mode = mode
        self.ownerID = ownerID
        self.groupID = groupID
    }

    /// The node at `path`, or `nil` when nothing is there.
    public static func at(_ path: String) -> DeviceNode? {
        var info = stat()
        guard statFile(path, &info) == 0 else { return nil }
        return DeviceNode(path: path, isCharacterDevice: (info.st_mode & S_IFMT) == S_IFCHR, mode: info.st_mode & 0o777,
                          ownerID: info.st_uid, groupID: info.st_gid)
    }

    /// `crw-rw----`-style text of the permission bits.
    public var modeText: String {
        let letters = Array("rwxrwxrwx")
        return (isCharacterDevice ? "c" : "-") + String((0..<9).map { mode & (0o400 >> UInt32($0)) != 0 ? letters[$0] : "-" })
    }
}

/// `stat(2)` (a free function: inside a type, `stat` names the struct).
private func statFile(_ path: String, _ info: inout stat) -> Int32 {
    stat(path, &info)
}
