# OpenCV (core, imgproc, imgcodecs) as the imported target Plumage::OpenCV.
# Debian splits OpenCV per module; the small -dev packages ship headers and
# libraries but not OpenCVConfig.cmake (that comes with the much larger
# libopencv-dev), so fall back to locating the pieces directly.
find_package(OpenCV QUIET COMPONENTS core imgproc imgcodecs)
add_library(Plumage::OpenCV INTERFACE IMPORTED)
if(OpenCV_FOUND)
  target_link_libraries(Plumage::OpenCV INTERFACE ${OpenCV_LIBS})
  target_include_directories(Plumage::OpenCV SYSTEM INTERFACE ${OpenCV_INCLUDE_DIRS})
else()
  find_path(PLUMAGE_OPENCV_INCLUDE opencv2/imgcodecs.hpp PATH_SUFFIXES opencv4 REQUIRED)
  foreach(m core imgproc imgcodecs)
    find_library(PLUMAGE_OPENCV_${m} opencv_${m} REQUIRED)
    target_link_libraries(Plumage::OpenCV INTERFACE ${PLUMAGE_OPENCV_${m}})
  endforeach()
  target_include_directories(Plumage::OpenCV SYSTEM INTERFACE ${PLUMAGE_OPENCV_INCLUDE})
endif()
