/*
 * NT's checks of a query or set of file information (file_info.h): one table of the classes
 * WDF_FILE_INFORMATION_CLASS names (a UMDF 1 driver has no name for Windows' later ones), with the
 * size of each class's structure for NtQueryInformationFile and for NtSetInformationFile, 0 where
 * the call refuses the class (a directory enumeration, a set-only class queried, a class that
 * only describes a file set). Sizes are those of the x64 or x86 structures, as the host is built.
 */
#include "file_info.h"

#define PTR sizeof(void *) /* a HANDLE, a pointer or a ULONG_PTR in the structure */

typedef struct class_lengths {
    unsigned char query;
    unsigned char set;
} class_lengths;

static const class_lengths lengths[WdfFileInformationMaximum] = {
    [WdfFileInformationBasic] = {40, 40},   /* 4 times, FileAttributes */
    [WdfFileInformationStandard] = {24, 0}, /* 2 sizes, NumberOfLinks, 2 BOOLEANs */
    [WdfFileInformationInternal] = {8, 0},
    [WdfFileInformationEa] = {4, 0},
    [WdfFileInformationAccess] = {4, 0},
    [WdfFileInformationName] = {8, 0}, /* FileNameLength, FileName[1] */
    [WdfFileInformationRename] = {0, 2 * PTR + 8}, /* BOOLEAN, RootDirectory, FileNameLength, FileName[1] */
    [WdfFileInformationLink] = {0, 2 * PTR + 8},
    [WdfFileInformationDisposition] = {0, 1},
    [WdfFileInformationPosition] = {8, 8},
    [WdfFileInformationMode] = {4, 4},
    [WdfFileInformationAlignment] = {4, 0},
    [WdfFileInformationAll] = {104, 0}, /* basic, standard, internal, ea, access, position, mode, alignment, name */
    [WdfFileInformationAllocation] = {0, 8},
    [WdfFileInformationEndOfFile] = {0, 8},
    [WdfFileInformationAlternateName] = {8, 0},
    [WdfFileInformationStream] = {32, 0},
    [WdfFileInformationPipe] = {8, 8},
    [WdfFileInformationPipeLocal] = {40, 0},
    [WdfFileInformationPipeRemote] = {16, 16},
    [WdfFileInformationMailslotQuery] = {24, 0},
    [WdfFileInformationMailslotSet] = {0, PTR}, /* a pointer to the read timeout */
    [WdfFileInformationCompression] = {16, 0},
    [WdfFileInformationObjectId] = {72, 72},
    [WdfFileInformationCompletion] = {0, 2 * PTR}, /* port handle, key */
    [WdfFileInformationMoveCluster] = {0, 2 * PTR + 8},
    [WdfFileInformationQuota] = {56, 56},
    [WdfFileInformationReparsePoint] = {16, 16},
    [WdfFileInformationNetworkOpen] = {56, 0},
    [WdfFileInformationAttributeTag] = {8, 0},
    [WdfFileInformationTracking] = {0, PTR + 8}, /* DestinationFile, ObjectInformationLength, one byte */
    [WdfFileInformationValidDataLength] = {0, 8},
    [WdfFileInformationShortName] = {0, 8},
    [WdfFileInformationIoCompletionNotification] = {4, 4},
    [WdfFileInformationIoStatusBlockRange] = {0, 2 * PTR},
    [WdfFileInformationIoPriorityHint] = {4, 4},
    [WdfFileInformationSfioReserve] = {20, 20},
    [WdfFileInformationSfioVolume] = {12, 0},
    [WdfFileInformationHardLink] = {32, 0},
    [WdfFileInformationProcessIdsUsingFile] = {2 * PTR, 0},
    [WdfFileInformationNormalizedName] = {8, 0},
    [WdfFileInformationNetworkPhysicalName] = {8, 0},
    [WdfFileInformationIsRemoteDevice] = {1, 0},
    /* The directory enumerations, FullEa (NtQueryEaFile's), IdGlobalTxDirectory and AttributeCache
     * (unused since Vista): refused by both calls. */
};

size_t wudf_file_info_length(WDF_FILE_INFORMATION_CLASS c, int set)
{
    if ((int)c <= 0 || c >= WdfFileInformationMaximum)
        return 0;
    return set ? lengths[c].set : lengths[c].query;
}

NTSTATUS wudf_file_info_check(WDF_FILE_INFORMATION_CLASS c, size_t length, int set)
{
    size_t needed = wudf_file_info_length(c, set);
    if (!needed)
        return STATUS_INVALID_INFO_CLASS;
    return length < needed ? STATUS_INFO_LENGTH_MISMATCH : STATUS_SUCCESS;
}
